import Foundation
import Logging
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService
import Testing

/// A re-run asked for (`mediaWorker.rerun` on the S3 record, as the console's Re-run sends
/// it): the upload is processed again with another template although its record says
/// COMPLETE; the earlier run's objects (HLS segments included) are deleted, so one set
/// stays; the same re-run delivered twice works once.
@Suite("Re-run with another template")
struct RerunTests {
    static let hls = InlineTemplates.settings(
        [
            InlineTemplates.group(
                "HLS_GROUP_SETTINGS", #"{"SegmentLength": 1, "MinSegmentLength": 0}"#,
                outputs: [InlineTemplates.output("_hls", container: "M3U8", video: InlineTemplates.video(InlineTemplates.qvbr, width: 320, height: 180), audio: true)])
        ], inputs: false)

    static func rerun(_ key: String, etag: String, id: String, template: String, at: String) -> String {
        """
        {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "eventTime": "2026-11-21T12:00:00.000Z", "eventName": "ObjectCreated:Put",
          "s3": {"s3SchemaVersion": "1.0", "bucket": {"name": "watch"}, "object": {"key": "\(key)", "size": 1024, "eTag": "\(etag)", "sequencer": "0055AED6DCD90281E5"}},
          "mediaWorker": {"rerun": {"id": "\(id)", "template": "\(template)", "requestedBy": "ops", "requestedAt": "\(at)"}}}]}
        """
    }

    @Test("the event's mediaWorker.rerun is read; a template that is not a plain file name is refused")
    func decoding() throws {
        let event = try #require(Self.single(EventDecoder.decode(Self.rerun("inputs/a.mp4", etag: "e", id: "r1", template: "mp4.json", at: "2026-12-02T06:00:00Z"))))
        #expect(event.rerun == JobRerun(id: "r1", template: "mp4.json", requestedBy: "ops", requestedAt: "2026-12-02T06:00:00Z"))
        #expect(try Self.single(EventDecoder.decode(FakeEvents.upload("inputs/a.mp4")))?.rerun == nil)
        #expect(throws: EventDecodingError.self) { try EventDecoder.decode(Self.rerun("inputs/a.mp4", etag: "e", id: "r1", template: "../etc/x.json", at: "")) }
        #expect(throws: EventDecodingError.self) { try EventDecoder.decode(Self.rerun("inputs/a.mp4", etag: "e", id: "", template: "mp4.json", at: "")) }
    }

    static func single(_ event: QueueEvent) -> UploadEvent? {
        if case .uploads(let events) = event, events.count == 1 { return events[0] }
        return nil
    }

    @Test("a re-run replaces the HLS package with the other template's MP4 (one set stays), runs once per id, and back again")
    func replaces() async throws {
        let folder = try TestTools.temporaryDirectory("mw-rerun").path
        try Self.hls.write(toFile: folder + "/job.json", atomically: true, encoding: .utf8)
        try TemplateRoutingTests.template("_mp4").write(toFile: folder + "/mp4.json", atomically: true, encoding: .utf8)
        let worker = try InProcessWorker(templates: folder, workerID: "rerun")
        let store = worker.store
        func run(_ bodies: [String]) async throws {
            let source = FakeMessageSource(maxAttempts: 1, returnsEmpty: true)
            for (index, body) in bodies.enumerated() { source.send(body, id: "m\(index)") }
            try await worker.drain(source)
        }
        func record() throws -> DeliveryReport { try DeliveryReport.decode(Data(try #require(store.bytes("delivery", "json/show/ep.json")))) }
        func delivered() -> [String] { store.keys("delivery").filter { $0.hasPrefix("audiovideo/") } }

        let clip = Array(try Data(contentsOf: URL(fileURLWithPath: try await MediaCorpus.shared.path("three_seconds.mp4"))))
        let key = "inputs/show/ep.mp4"
        let etag = store.put(S3Location(bucket: "watch", key: key), bytes: clip).etag
        try await run([FakeEvents.upload(key, etag: etag)])
        let package = delivered()
        #expect(package.contains { $0.hasSuffix(".m3u8") }, "\(package)")
        #expect(package.filter { $0.hasSuffix(".ts") || $0.hasSuffix(".m4s") || $0.hasSuffix(".mp4") }.count >= 3, "\(package)")
        #expect(try record().status == .complete)
        #expect(try record().rerun == nil)

        // A plain duplicate is still a duplicate; a re-run is not.
        try await run([FakeEvents.upload(key, etag: etag), Self.rerun(key, etag: etag, id: "r1", template: "mp4.json", at: "2026-12-02T06:00:00Z")])
        #expect(delivered() == ["audiovideo/show/ep_mp4.mp4"], "\(delivered())")
        let rerun = try record()
        #expect(rerun.status == .complete)
        #expect(rerun.job?.template == "mp4.json")
        #expect(rerun.rerun?.id == "r1" && rerun.rerun?.requestedBy == "ops")
        // Every object of the HLS run but the original went: the package and the thumbnail.
        #expect(rerun.rerun?.replacedObjects == package.count + 1, "\(String(describing: rerun.rerun)) \(package.count)")
        #expect(store.keys("delivery").contains("original/show/ep.mp4"))
        #expect(store.keys("delivery").contains("thumbnail/show/ep.jpg"))

        // The same re-run again (a redelivered message) and an older one change nothing.
        let writes = store.writes("delivery")
        try await run([
            Self.rerun(key, etag: etag, id: "r1", template: "mp4.json", at: "2026-12-02T06:00:00Z"),
            Self.rerun(key, etag: etag, id: "r0", template: "job.json", at: "2026-12-02T05:00:00Z"),
        ])
        #expect(store.writes("delivery") == writes)
        #expect(delivered() == ["audiovideo/show/ep_mp4.mp4"])

        // And back: the MP4 goes, the HLS package returns with the same names.
        try await run([Self.rerun(key, etag: etag, id: "r2", template: "job.json", at: "2026-12-02T07:00:00Z")])
        #expect(delivered() == package, "\(delivered())")
        #expect(try record().rerun?.id == "r2")
        #expect(try record().rerun?.replacedObjects == 2)
    }
}

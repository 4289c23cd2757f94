import Foundation
import Logging
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService
import Testing

/// The whole worker in the test process: the fake queue, the real `UploadProcessor` and local
/// engine over an in-memory object store. What it writes, in which order and how often.
@Suite("Worker and upload processor in-process, over an in-memory store")
struct UploadProcessorInProcessTests {
    struct Rig {
        let store = InMemoryObjectStore()
        let source = FakeMessageSource(maxAttempts: 2, returnsEmpty: true)
        let worker: WorkerService

        /// `concurrency` 1 hands the messages to the jobs one after another: a duplicate then
        /// meets the first job's record, not its live claim (which would defer whichever of
        /// the two claimed second; `ClaimTests` covers that race).
        init(template: JobTemplate? = nil, concurrency: Int = 2) throws {
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("mw-inprocess-\(UUID().uuidString.prefix(8))").path
            var configuration = WorkerConfiguration(queue: .sqs(url: "fake"), destinationBucket: "delivery", workDirectory: work, workerID: "inprocess")
            configuration.drain = true
            configuration.concurrency = concurrency
            configuration.work.minimumFreeBytes = 0
            // A lease no slow CI run outlasts: these tests are about what is written, and a claim
            // that ran out because a busy machine starved its renewal retries the job (ClaimTests
            // cover leases and renewals with an injected clock).
            configuration.claims.leaseSeconds = 3600
            var options = PipelineOptions()
            options.ladder.renditions = Array(Rendition.defaultLadder.suffix(1))
            if let template {
                options.template = template
                options.ladder.preset = "ultrafast"
            }
            let processor = UploadProcessor(
                store: store, configuration: configuration, workerName: "media-worker test", workerVersion: "test", options: { [options] in options },
                logger: Logger(label: "test"))
            worker = WorkerService(
                source: source, runner: processor, space: processor.work, completions: nil, configuration: configuration, logger: Logger(label: "test"))
        }

        /// Puts a file into the watch bucket and its event into the queue.
        func upload(_ key: String, bytes: [UInt8], id: String, attempt: Int = 1) {
            let info = store.put(S3Location(bucket: "watch", key: key), bytes: bytes)
            source.send(FakeEvents.upload(key, etag: info.etag), id: id, attempt: attempt)
        }

        func record(_ key: String) throws -> DeliveryReport {
            try DeliveryReport.decode(Data(try #require(store.bytes("delivery", key))))
        }
    }

    static let srt = Array("1\n00:00:01,000 --> 00:00:02,500\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n".utf8)

    @Test("captions: WebVTT and the original delivered once each, the record written last and COMPLETE; a duplicate writes nothing")
    func captions() async throws {
        let rig = try Rig(concurrency: 1)
        rig.upload("inputs/show/ep1.srt", bytes: Self.srt, id: "first")
        rig.source.send(FakeEvents.upload("inputs/show/ep1.srt", etag: try await rig.store.headObject(S3Location(bucket: "watch", key: "inputs/show/ep1.srt")).etag), id: "again")
        try await rig.worker.run()
        #expect(rig.store.keys("delivery") == ["closed-caption/show/ep1.vtt", "json/show/ep1.srt.json", "original/show/ep1.srt"])
        #expect(rig.store.writes("delivery").values.allSatisfy { $0 == 1 }, "\(rig.store.writes("delivery"))")
        #expect(rig.store.writeOrder.last == "delivery/json/show/ep1.srt.json", "the record goes last")
        // Only the claim's release follows it.
        #expect(rig.store.allWriteOrder.last?.hasPrefix("delivery/.media-worker.claim.") == true, "\(rig.store.allWriteOrder)")
        let record = try rig.record("json/show/ep1.srt.json")
        #expect(record.status == .complete)
        #expect(record.captions?.cues == 2)
        #expect(Set(record.outputs.map(\.role)) == [.original, .captions])
        let vtt = String(decoding: try #require(rig.store.bytes("delivery", "closed-caption/show/ep1.vtt")), as: UTF8.self)
        #expect(vtt.hasPrefix("WEBVTT") && vtt.contains("00:00:01.000 --> 00:00:02.500"))
        #expect(rig.source.settlements.contains(.completed("first")) && rig.source.settlements.contains(.completed("again")))
        #expect(rig.worker.statistics.completed == 1 && rig.worker.statistics.skipped == 1)
    }

    @Test("video: the rendition, thumbnail and original, confirmed, then the COMPLETE record")
    func video() async throws {
        let rig = try Rig()
        let clip = try await MediaCorpus.shared.path("three_seconds.mp4")
        rig.upload("inputs/clip.mp4", bytes: Array(try Data(contentsOf: URL(fileURLWithPath: clip))), id: "clip")
        try await rig.worker.run()
        let record = try rig.record("json/clip.json")
        #expect(record.status == .complete, "\(record.error?.message ?? "")")
        #expect(Set(record.outputs.map(\.role)) == [.original, .thumbnail, .rendition])
        for output in record.outputs {
            #expect(rig.store.bytes("delivery", output.path)?.count == Int(output.bytes), "\(output.path) as recorded")
        }
        #expect(rig.store.writeOrder.last == "delivery/json/clip.json")
        #expect(rig.source.settlements == [.completed("clip")])
    }

    @Test("a corrupt video: retried first, then on the final attempt FAILED with its code, the original kept, dead-lettered")
    func corrupt() async throws {
        let rig = try Rig()
        let garbage = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        rig.upload("inputs/broken.mp4", bytes: garbage, id: "try1", attempt: 1)
        try await rig.worker.run()
        #expect(rig.source.settlements.first.map { if case .retried("try1", _) = $0 { true } else { false } } == true)
        #expect(rig.store.keys("delivery").isEmpty, "nothing delivered before the final attempt")

        let last = try Rig()
        last.upload("inputs/broken.mp4", bytes: garbage, id: "try2", attempt: 2)
        try await last.worker.run()
        let record = try last.record("json/broken.json")
        #expect(record.status == .failed)
        #expect(FailureCode.allCases.contains(record.error!.code))
        #expect(record.error?.code != .internal, "\(String(describing: record.error))")
        #expect(last.store.keys("delivery") == ["json/broken.json", "original/broken.mp4"])
        #expect(last.source.settlements.first.map { if case .deadLettered("try2", _) = $0 { true } else { false } } == true)
    }

    @Test("an event for an object that was replaced since is skipped and writes nothing")
    func superseded() async throws {
        let rig = try Rig()
        rig.store.put(S3Location(bucket: "watch", key: "inputs/show/ep2.srt"), bytes: Self.srt)
        rig.source.send(FakeEvents.upload("inputs/show/ep2.srt", etag: "00000000000000000000000000000000"), id: "old")
        try await rig.worker.run()
        #expect(rig.store.keys("delivery").isEmpty)
        #expect(rig.source.settlements == [.completed("old")])
        #expect(rig.worker.statistics.skipped == 1)
    }
}

import Foundation
import Logging
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService
import MediaWorkerSupport
import Testing

/// A template that asks for review (`"MediaWorkerReview": {"Required": true}` beside
/// `Settings`): its jobs wait as pending, without a notification, whatever the key.
@Suite("Review asked for by a template")
struct TemplateReviewTests {
    static func reviewed(_ review: String, modifier: String = "_reviewed") -> String {
        #"{"MediaWorkerReview": \#(review), "Settings": \#(TemplateRoutingTests.template(modifier))}"#
    }

    @Test("MediaWorkerReview is validated: an object with a boolean Required and a string Reason")
    func validation() throws {
        let good = try JobTemplate.parse(Array(Self.reviewed(#"{"Required": true, "Reason": "legal sign-off"}"#).utf8), name: "r.json")
        #expect(good.reviewRequirement == "legal sign-off")
        #expect(JobReview.required(byTemplate: good) == JobReview(state: .pending, rule: "template r.json: legal sign-off"))
        #expect(try JobTemplate.parse(Array(Self.reviewed(#"{"Required": false}"#).utf8), name: "r.json").reviewRequirement == nil)
        for (bad, path) in [(#"{"Required": "yes"}"#, "MediaWorkerReview.Required"), (#"{"Required": true, "Who": 1}"#, "MediaWorkerReview.Who"), ("true", "MediaWorkerReview"), (#"{}"#, "MediaWorkerReview.Required")] {
            let error = #expect(throws: TemplateError.self) { try JobTemplate.parse(Array(Self.reviewed(bad).utf8), name: "r.json") }
            #expect(error?.issues.contains { $0.path == path } == true, "\(bad): \(String(describing: error))")
        }
    }

    @Test("an upload routed to a template that asks for review waits, pending, and is not announced; others are not held")
    func worker() async throws {
        let folder = try TestTools.temporaryDirectory("mw-template-review").path
        try TemplateRoutingTests.template("_plain").write(toFile: folder + "/job.json", atomically: true, encoding: .utf8)
        try Self.reviewed(#"{"Required": true, "Reason": "legal sign-off"}"#).write(toFile: folder + "/legal.json", atomically: true, encoding: .utf8)
        let worker = try InProcessWorker(templates: folder, workerID: "review", routes: [TemplateRule(.prefix("inputs/legal/"), template: "legal.json")])
        let store = worker.store
        let source = FakeMessageSource(maxAttempts: 1, returnsEmpty: true)
        let notifier = RecordingNotifier()
        let clip = Array(try Data(contentsOf: URL(fileURLWithPath: try await MediaCorpus.shared.path("three_seconds.mp4"))))
        for (index, key) in ["inputs/legal/ep.mp4", "inputs/plain.mp4"].enumerated() {
            worker.upload(key, bytes: clip, to: source, id: "m\(index)")
        }
        try await worker.drain(source, notifications: JobNotifications(notifiers: [notifier], logger: Logger(label: "test"), delays: [.zero]))
        let held = try DeliveryReport.decode(Data(try #require(store.bytes("delivery", "json/legal/ep.json"))))
        #expect(held.status == .complete)
        #expect(held.review == JobReview(state: .pending, rule: "template legal.json: legal sign-off"))
        #expect(store.keys("delivery").contains("audiovideo/legal/ep_reviewed.mp4"))
        let plain = try DeliveryReport.decode(Data(try #require(store.bytes("delivery", "json/plain.json"))))
        #expect(plain.review == nil)
        #expect(notifier.keys == ["inputs/plain.mp4"], "\(notifier.keys)")
    }
}

/// Keeps the upload key of every notification sent.
final class RecordingNotifier: JobNotifier {
    let channel = "test"
    private let sent = Locked<[String]>([])
    var keys: [String] { sent.withLock { $0.sorted() } }

    func send(_ notification: JobNotification) async throws {
        sent.withLock { $0.append(notification.report.input.key) }
    }
}

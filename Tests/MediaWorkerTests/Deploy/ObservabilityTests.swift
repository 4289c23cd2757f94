import Foundation
import Logging
import MediaWorkerPipeline
import MediaWorkerService
import Testing
import MediaWorkerSupport

/// Health, logs, configuration and notification values, without I/O.
@Suite("Observability and notifications (units)")
struct ObservabilityTests {
    @Test("Readiness follows the phase and the queue; liveness fails only for a stuck idle loop")
    func health() {
        var health = WorkerHealth()
        #expect(health.readiness().ready == false)
        #expect(health.readiness().reason == "starting")
        let start = Date(timeIntervalSince1970: 1_000)
        health.phase = .running
        health.since = start
        #expect(health.readiness().ready)
        health.receiveFailures = 2
        health.lastReceiveError = "connection refused"
        #expect(health.readiness().ready == false)
        #expect(health.readiness().reason == "cannot receive from the queue (2 tries): connection refused")
        health.receiveFailures = 0
        #expect(health.liveness(now: start.addingTimeInterval(100), stallAfter: 300).alive)
        #expect(health.liveness(now: start.addingTimeInterval(400), stallAfter: 300).alive == false)
        health.runningJobs = 1  // a busy worker does not receive: still alive
        #expect(health.liveness(now: start.addingTimeInterval(400), stallAfter: 300).alive)
        health.runningJobs = 0
        health.lastReceive = start.addingTimeInterval(390)
        #expect(health.liveness(now: start.addingTimeInterval(400), stallAfter: 300).alive)
        health.phase = .stopping
        #expect(health.readiness().ready == false)
        #expect(health.liveness(now: start.addingTimeInterval(9_999), stallAfter: 300).alive)
        health.phase = .stopped
        #expect(health.liveness(stallAfter: 300).alive == false)
    }

    @Test("JSON log lines carry time, level, message, logger and metadata")
    func jsonLogs() throws {
        let lines = Locked<[String]>([])
        var handler = JSONLogHandler(label: "media-worker") { line in lines.withLock { $0.append(line) } }
        handler.logLevel = .info
        handler[metadataKey: "worker"] = "w1"
        var logger = Logger(label: "media-worker") { _ in handler }
        logger.logLevel = .info
        logger.info("job finished", metadata: ["key": "inputs/a b.mp4", "bytes_in": "12", "list": ["x", "y"]])
        logger.debug("not written")
        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        #expect(written[0].hasSuffix("\n") && !written[0].dropLast().contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: Any])
        #expect(object["message"] as? String == "job finished")
        #expect(object["level"] as? String == "info")
        #expect(object["logger"] as? String == "media-worker")
        #expect(object["key"] as? String == "inputs/a b.mp4")
        #expect(object["worker"] as? String == "w1")
        #expect(object["list"] as? [String] == ["x", "y"])
        let time = try #require(object["time"] as? String)
        #expect(WorkerMetricsDates.parse(time) != nil)
    }

    @Test("LOG_FORMAT auto is text on a terminal, JSON otherwise")
    func logFormat() {
        #expect(LogFormat.auto.resolved(isTerminal: true) == .text)
        #expect(LogFormat.auto.resolved(isTerminal: false) == .json)
        #expect(LogFormat.text.resolved(isTerminal: false) == .text)
        #expect(LogFormat(rawValue: "yaml") == nil)
    }

    @Test("HTTP_LISTEN and NOTIFY_* are read, and mistakes are named")
    func configuration() throws {
        let base = ["QUEUE_URL": "http://127.0.0.1:1/q", "DESTINATION_BUCKET": "out"]
        var configuration = try WorkerConfiguration.fromEnvironment(base)
        #expect(configuration.statusAddress == nil)
        configuration = try WorkerConfiguration.fromEnvironment(base.merging([
            "HTTP_LISTEN": ":9102", "NOTIFY_SNS_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:jobs",
            "NOTIFY_WEBHOOK_URL": "https://hooks.example.com/media", "NOTIFY_WEBHOOK_SECRET": "s",
        ]) { $1 })
        #expect(configuration.statusAddress == .init(host: "0.0.0.0", port: 9102))
        #expect(configuration.notify.snsTopicARN == "arn:aws:sns:us-east-1:123456789012:jobs")
        #expect(configuration.notify.webhookURL == "https://hooks.example.com/media")
        #expect(try WorkerConfiguration.fromEnvironment(base.merging(["HTTP_LISTEN": "off"]) { $1 }).statusAddress == nil)
        do {
            _ = try WorkerConfiguration.fromEnvironment(base.merging([
                "HTTP_LISTEN": "everywhere", "NOTIFY_SNS_TOPIC_ARN": "jobs", "NOTIFY_WEBHOOK_URL": "ftp://x",
            ]) { $1 })
            Issue.record("accepted a bad configuration")
        } catch {
            let text = error.description
            for name in ["HTTP_LISTEN=everywhere", "NOTIFY_SNS_TOPIC_ARN=jobs", "NOTIFY_WEBHOOK_URL=ftp://x"] { #expect(text.contains(name), "\(text)") }
        }
        do {
            _ = try WorkerConfiguration.fromEnvironment(base.merging(["NOTIFY_WEBHOOK_URL": "https://x.example"]) { $1 })
            Issue.record("accepted a webhook without a secret")
        } catch {
            #expect(error.description.contains("NOTIFY_WEBHOOK_SECRET"))
        }
    }

    @Test("The webhook signature matches an HMAC-SHA256 computed by openssl, and verification refuses changes")
    func signature() {
        let body = Array(#"{"event":"media-worker.job.completed"}"#.utf8)
        // printf '1700000000.{"event":"media-worker.job.completed"}' | openssl dgst -sha256 -hmac s3cr3t
        let expected = "t=1700000000,v1=c3e3a76b97bd61befd9e9fd53b48ff2f3964e92ee0166c534e76939b3bdea141"
        let header = WebhookSignature.sign(body: body, secret: "s3cr3t", timestamp: 1_700_000_000)
        #expect(header == expected)
        let now = Date(timeIntervalSince1970: 1_700_000_100)
        #expect(WebhookSignature.verify(header: header, body: body, secret: "s3cr3t", now: now))
        #expect(!WebhookSignature.verify(header: header, body: body + [0x20], secret: "s3cr3t", now: now))
        #expect(!WebhookSignature.verify(header: header, body: body, secret: "other", now: now))
        #expect(!WebhookSignature.verify(header: header, body: body, secret: "s3cr3t", now: now.addingTimeInterval(3600)))
        #expect(!WebhookSignature.verify(header: "t=1700000000", body: body, secret: "s3cr3t", now: now))
    }

    @Test("Notifications exist for COMPLETE and FAILED, and carry the metadata JSON")
    func notificationBody() throws {
        var report = DeliveryReport(status: .complete, input: .init(key: "inputs/a.mp4", bytes: 10, bucket: "watch"), startedAt: Date(), worker: "w")
        report.outputs = [.init(role: .rendition, path: "audiovideo/a_360p.mp4", bytes: 5)]
        let notification = try #require(JobNotification(report: report, bucket: "out", metadataKey: "json/a.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try notification.body())) as? [String: Any])
        #expect(object["event"] as? String == "media-worker.job.completed")
        #expect(object["status"] as? String == "COMPLETE")
        #expect(object["key"] as? String == "inputs/a.mp4")
        #expect(object["metadata_key"] as? String == "json/a.json")
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect((metadata["outputs"] as? [[String: Any]])?.first?["path"] as? String == "audiovideo/a_360p.mp4")
        report.status = .failed
        #expect(JobNotification(report: report, bucket: "out", metadataKey: nil)?.event == "media-worker.job.failed")
        report.status = .submitted
        #expect(JobNotification(report: report, bucket: "out", metadataKey: nil) == nil)
    }

    @Test("A failing notifier is tried three times, then given up without failing the job")
    func notificationRetries() async {
        let flaky = CountingNotifier(failures: 2)
        let broken = CountingNotifier(failures: 100)
        let notifications = JobNotifications(notifiers: [flaky, broken], logger: Logger(label: "test"), delays: [.zero, .zero])
        let report = DeliveryReport(status: .complete, input: .init(key: "inputs/a.mp4", bytes: 1), startedAt: Date(), worker: "w")
        await notifications.announce(report, bucket: "out")
        #expect(flaky.calls == 3 && flaky.delivered == 1)
        #expect(broken.calls == 3 && broken.delivered == 0)
        var submitted = report
        submitted.status = .submitted
        await notifications.announce(submitted, bucket: "out")
        #expect(flaky.calls == 3)
    }
}

/// Fails `failures` times, then accepts.
final class CountingNotifier: JobNotifier {
    let channel = "test"
    private let state: Locked<(calls: Int, delivered: Int)> = Locked((0, 0))
    let failures: Int
    init(failures: Int) { self.failures = failures }
    var calls: Int { state.withLock { $0.calls } }
    var delivered: Int { state.withLock { $0.delivered } }

    func send(_ notification: JobNotification) async throws {
        let fail = state.withLock { state -> Bool in
            state.calls += 1
            if state.calls > failures { state.delivered += 1 }
            return state.calls <= failures
        }
        if fail { throw NotificationError(channel: channel, message: "refused") }
    }
}

/// ISO 8601 with fractional seconds, as the log handler writes it.
enum WorkerMetricsDates {
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}

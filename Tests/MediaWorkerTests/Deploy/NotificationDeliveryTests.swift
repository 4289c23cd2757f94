import Foundation
import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerPipeline
import MediaWorkerQueue
import MediaWorkerService
import MediaWorkerSigning
import Testing

/// Notifications against real peers: SNS Publish on moto with signatures checked, delivered
/// to a subscribed queue; the webhook POST to a local receiver, its HMAC checked by openssl.
@Suite("Job notifications")
struct NotificationDeliveryTests {
    static func report() -> DeliveryReport {
        var report = DeliveryReport(status: .complete, input: .init(key: "inputs/clip été.mp4", bytes: 42, bucket: "watch"), startedAt: Date(), worker: "w")
        report.outputs = [.init(role: .rendition, path: "audiovideo/clip été_360p.mp4", bytes: 7)]
        return report
    }

    @Test("SNS Publish (SigV4 checked by moto) reaches a subscribed queue with its attributes; a wrong secret is refused")
    func sns() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let work = try TestTools.temporaryDirectory("mw-sns")
        let stack = WorkerStack(endpoint: moto.endpoint, credentials: moto.credentials, watch: "", delivery: "", queueURL: "", deadLetterURL: "", work: work)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let topic = try await stack.boto(["sns-create", "jobs-\(suffix)"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let queue = try await stack.boto(["sqs-create", "heard-\(suffix)"]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await stack.boto(["sns-subscribe", topic, queue])

        let client = SNSClient(aws: try makeClient(endpoint: moto.endpoint, credentials: moto.credentials))
        let notifier = SNSJobNotifier(client: client, topicARN: topic)
        let notification = try #require(JobNotification(report: Self.report(), bucket: "delivery", metadataKey: "json/clip été.json"))
        try await notifier.send(notification)

        let bodies = try await stack.drainQueue(queue)
        #expect(bodies.count == 1)
        let first = try #require(bodies.first)
        let envelope = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(envelope["TopicArn"] as? String == topic)
        #expect(envelope["Subject"] as? String == "media-worker COMPLETE inputs/clip ?t?.mp4")
        let attributes = try #require(envelope["MessageAttributes"] as? [String: [String: String]])
        #expect(attributes["status"]?["Value"] == "COMPLETE")
        #expect(attributes["event"]?["Value"] == "media-worker.job.completed")
        let text = try #require(envelope["Message"] as? String)
        let message = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(message["key"] as? String == "inputs/clip été.mp4")
        #expect((message["metadata"] as? [String: Any])?["status"] as? String == "COMPLETE")

        let wrong = SNSClient(aws: try makeClient(endpoint: moto.endpoint, credentials: AWSCredentials(accessKeyID: moto.credentials.accessKeyID, secretAccessKey: "wrong")))
        await #expect { try await SNSJobNotifier(client: wrong, topicARN: topic).send(notification) } throws: { error in
            (error as? AWSServiceError)?.code == "SignatureDoesNotMatch"
        }
    }

    @Test("The webhook body is POSTed with a signature openssl reproduces; a 503 is retried")
    func webhook() async throws {
        let work = try TestTools.temporaryDirectory("mw-hook")
        let received = work.appendingPathComponent("received.jsonl")
        let server = try await ManagedServer.webhookReceiver(recording: received, failFirst: 1)
        let port = server.port
        defer { server.stop() }
        let http = try HTTPClient()
        defer { http.shutdown() }
        let secret = "whsec-\(UUID().uuidString)"
        let notifier = WebhookJobNotifier(http: http, url: "http://127.0.0.1:\(port)/media/jobs", secret: secret)
        let notifications = JobNotifications(notifiers: [notifier], logger: .init(label: "test"), delays: [.milliseconds(100), .milliseconds(100)])
        let started = Date()
        await notifications.announce(Self.report(), bucket: "delivery")
        let ended = Date()

        let lines = try String(contentsOf: received, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1, "the 503 was not retried, or the retry was sent twice")
        let line = try #require(lines.first)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(record["path"] as? String == "/media/jobs")
        let headers = try #require(record["headers"] as? [String: String])
        let body = try #require(record["body"] as? String)
        let signature = try #require(headers["X-Media-Worker-Signature"])
        #expect(headers["X-Media-Worker-Event"] == "media-worker.job.completed")
        let parts = Dictionary(uniqueKeysWithValues: signature.split(separator: ",").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }.map { ($0[0], $0[1]) })
        // Signed while it was sent, and valid at that moment (a receiver's tolerance counts from
        // then; this test may read it minutes later on a loaded machine).
        let signedAt = try #require(parts["t"].flatMap(Double.init))
        #expect(signedAt >= started.timeIntervalSince1970.rounded(.down) && signedAt <= ended.timeIntervalSince1970.rounded(.up), "t=\(signedAt)")
        #expect(WebhookSignature.verify(header: signature, body: Array(body.utf8), secret: secret, now: Date(timeIntervalSince1970: signedAt)))
        // An independent HMAC: openssl over "<t>.<body>".
        let signed = work.appendingPathComponent("signed")
        try Data("\(parts["t"] ?? "").\(body)".utf8).write(to: signed)
        let openssl = try await ProcessRunner.run("/usr/bin/openssl", ["dgst", "-sha256", "-hmac", secret, "-r", signed.path])
        #expect(openssl.stdout.split(separator: " ").first.map(String.init) == parts["v1"])
        let message = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(message["key"] as? String == "inputs/clip été.mp4")
        #expect(message["metadata_key"] as? String == "json/clip été.json")
    }
}

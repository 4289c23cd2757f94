import Foundation
import Testing

/// Credentials never leak: an end-to-end run at trace level, with a session token, a webhook
/// secret, a successful and a failing upload, and everything the worker printed, delivered
/// (metadata JSON) and exported (/metrics) searched for them.
@Suite("Secrets stay out of logs, metadata and metrics")
struct SecretsInOutputTests {
    @Test("Nothing printed, delivered or scraped contains the secret key, session token or webhook secret")
    func noSecrets() async throws {
        let localstack = try await SharedServers.shared.localStack()
        let secret = "sk-\(UUID().uuidString)"
        let token = "st-\(UUID().uuidString)"
        let hookSecret = "wh-\(UUID().uuidString)"
        // LocalStack does not check header signatures, so any secret and token sign acceptably.
        let credentials = LocalStackServer.credentials
        let stack = try await WorkerStack.make(endpoint: localstack.endpoint, credentials: credentials, maxReceiveCount: 1)
        try await stack.upload(try await MediaCorpus.shared.path("three_seconds.mp4"), key: "inputs/secret/clip.mp4")
        try await stack.upload(try await MediaCorpus.shared.path("random_bytes.mp4"), key: "inputs/secret/broken.mp4")

        let received = stack.work.appendingPathComponent("hook.jsonl")
        let receiver = try await ManagedServer.webhookReceiver(recording: received)
        let hookPort = receiver.port
        defer { receiver.stop() }
        let statusPort = ManagedServer.freePort()
        let worker = try await stack.start([
            "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": token, "LOG_LEVEL": "trace", "HTTP_LISTEN": "127.0.0.1:\(statusPort)",
            "NOTIFY_WEBHOOK_URL": "http://127.0.0.1:\(hookPort)/h", "NOTIFY_WEBHOOK_SECRET": hookSecret,
        ], name: "secrets")
        defer { worker.signal(SIGKILL) }
        let done = try await RunningWorker.wait(600) {
            let keys = try await stack.keys()
            return keys.contains("json/secret/clip.json") && keys.contains("json/secret/broken.json")
        }
        #expect(done, "\(worker.log.suffix(3000))")
        #expect(try await stack.report("json/secret/broken.json").status == .failed)
        let metrics = try await CloudFormationDeployTests.get("http://127.0.0.1:\(statusPort)/metrics").body
        #expect(metrics.contains("media_worker_jobs_total"))
        worker.signal(SIGTERM)
        #expect(try await RunningWorker.wait(600) { !worker.isAlive })

        var searched: [(String, String)] = [("log", worker.log), ("metrics", metrics)]
        for key in try await stack.keys() where key.hasPrefix("json/") {
            searched.append((key, try String(contentsOf: try await stack.download(key), encoding: .utf8)))
        }
        searched.append(("webhook bodies", (try? String(contentsOf: received, encoding: .utf8)) ?? ""))
        #expect(worker.log.contains("trace") || worker.log.contains("debug"), "the run did not log at trace level")
        #expect(worker.log.split(separator: "\n").count > 20)
        for (name, text) in searched {
            for (label, value) in [("secret key", secret), ("session token", token), ("webhook secret", hookSecret)] {
                #expect(!text.contains(value), "the \(label) appears in \(name)")
            }
        }
    }
}

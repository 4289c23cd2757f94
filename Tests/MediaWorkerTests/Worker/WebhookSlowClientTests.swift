import Foundation
import MediaWorkerSupport
import Testing

/// Slow-loris clients against MinIO's webhook endpoint: a head trickled a byte a second is
/// dropped when the 30 s head deadline passes; a body trickled after a complete head gets
/// 408 after the 30 s body deadline. Both run at once, against one worker whose in-flight
/// cap is 1: while the trickled body holds the only slot, a good request gets 503 without
/// waiting for the slot, and once it is gone the next one is taken. Every check is an
/// observed order of events, none a duration: a machine of any speed passes.
@Suite("Webhook against slow clients")
struct WebhookSlowClientTests {
    @Test("A trickled head is dropped and a trickled body refused within their deadlines")
    func slowLoris() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let stack = try await WorkerStack.make(endpoint: moto.endpoint, credentials: moto.credentials)
        let port = ManagedServer.freePort()
        let worker = try await stack.start([
            "QUEUE_URL": "", "WEBHOOK_LISTEN": "127.0.0.1:\(port)", "WEBHOOK_TOKEN": "TOKEN", "WORKER_ID": "slow", "CONCURRENCY": "1",
            "WEBHOOK_MAX_IN_FLIGHT": "1",
        ], name: "webhook-slow")
        defer { worker.signal(SIGKILL) }
        // The trickled body notes whether a good request had been refused (this marker) by
        // the time the server answered it. Each trickler gives up after 120 s, which only
        // stops a hung test: the server's deadlines are 30 s.
        let refused = try TestTools.temporaryDirectory().appendingPathComponent("refused")
        let python = try TestTools.python()
        async let head = ProcessRunner.run(python, [TestTools.helper("slow_client.py"), String(port), "head", "1", "120"])
        let bodyEnded = Locked(false)
        let body = Task {
            defer { bodyEnded.withLock { $0 = true } }
            return try await ProcessRunner.run(python, [TestTools.helper("slow_client.py"), String(port), "body", "1", "120", refused.path])
        }
        @Sendable func postBlocking() throws -> String {
            try ProcessRunner.runBlocking("/usr/bin/curl", [
                "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer TOKEN", "-H", "Content-Type: application/json",
                "--data-binary", "{\"Records\": []}", "http://127.0.0.1:\(port)/minio/events",
            ]).stdout
        }
        func post() async throws -> String { try await blocking { try postBlocking() } }
        // Once the trickled body holds the only slot (its head reaches the handler within a
        // moment, longer in sanitized builds), good requests are refused. Without the cap
        // they would keep getting 200 while the trickler holds its connection. The loop runs
        // on a thread of its own and notes the refusal the moment curl reports it: on a busy
        // machine the test's tasks may wait for the cooperative pool, and a marker written
        // after a long wait would be taken for a refusal that waited for the slot.
        let refusedPath = refused.path
        let answers = try await blocking { () throws -> [String] in
            var answers: [String] = []
            while !bodyEnded.withLock({ $0 }) {
                answers.append(try postBlocking())
                if answers.last == "503" {
                    _ = FileManager.default.createFile(atPath: refusedPath, contents: nil)
                    break
                }
                Thread.sleep(forTimeInterval: 0.2)
            }
            return answers
        }
        #expect(answers.last == "503", "the trickled body should hold the only slot: \(answers)")
        for result in [try await head, try await body.value] {
            let figures = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
            if figures["mode"] as? String == "body" {
                // Refused by its body deadline, before the trickler gave up.
                #expect((figures["answer"] as? String)?.contains("408") == true, "\(figures)")
                // The refusal did not wait for the slot: it came while the trickled body still
                // held it, before the server answered the trickler.
                #expect(figures["marker_first"] as? Bool == true, "a refusal over the cap waited for the slot: \(figures)")
            } else {
                // Dropped by its head deadline, before the trickler gave up.
                #expect(figures["closed"] as? Bool == true, "\(figures)")
            }
        }
        #expect(try await post() == "200", "the slot was not given back")
        #expect(worker.log.contains("WEBHOOK_MAX_IN_FLIGHT"))
        #expect(worker.isAlive, "the worker died: \(worker.log.suffix(2000))")
    }
}

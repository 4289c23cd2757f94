import Foundation
import Testing

/// Slow-loris clients against MinIO's webhook endpoint: a head trickled a byte a second is
/// dropped when the 30 s head deadline passes; a body trickled after a complete head gets
/// 408 after the 30 s body deadline. Both run at once, against one worker whose in-flight
/// cap is 1: while the trickled body holds the only slot, a good request gets 503 at once,
/// and once it is gone the next one is taken.
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
        async let head = ProcessRunner.run(try TestTools.python(), [TestTools.helper("slow_client.py"), String(port), "head", "1", "90"])
        async let body = ProcessRunner.run(try TestTools.python(), [TestTools.helper("slow_client.py"), String(port), "body", "1", "90"])
        func post() async throws -> String {
            try await ProcessRunner.run("/usr/bin/curl", [
                "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer TOKEN", "-H", "Content-Type: application/json",
                "--data-binary", "{\"Records\": []}", "http://127.0.0.1:\(port)/minio/events",
            ]).stdout
        }
        // Once the trickled body holds the only slot (its head reaches the handler within a
        // moment, longer in sanitized builds), good requests are refused at once. Without the
        // cap they would keep getting 200 until the trickler's 30 s deadline.
        var answers: [String] = []
        var refusal: Duration = .zero
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let started = ContinuousClock.now
            answers.append(try await post())
            refusal = ContinuousClock.now - started
            if answers.last == "503" { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(answers.last == "503", "the trickled body should hold the only slot: \(answers)")
        // Waiting for the slot would take the trickled body's 30 s deadline.
        #expect(refusal < .seconds(10), "a refusal over the cap must not wait for a slot")
        for result in [try await head, try await body] {
            let figures = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
            let seconds = (figures["seconds"] as? NSNumber)?.doubleValue ?? 999
            #expect(seconds < 45, "the server kept a slow client for \(seconds) s: \(figures)")
            if figures["mode"] as? String == "body" {
                #expect((figures["answer"] as? String)?.contains("408") == true, "\(figures)")
            } else {
                #expect(figures["closed"] as? Bool == true, "\(figures)")
            }
        }
        #expect(try await post() == "200", "the slot was not given back")
        #expect(worker.log.contains("WEBHOOK_MAX_IN_FLIGHT"))
        #expect(worker.isAlive, "the worker died: \(worker.log.suffix(2000))")
    }
}

import Foundation
import MediaWorkerPipeline
import MediaWorkerService
import Testing

/// MinIO's two notification paths, with objects in moto and events in MinIO's formats:
/// a Redis list in `access` format (a real redis-server from Debian) and the webhook.
@Suite("MinIO consumers: Redis list and webhook", .serialized)
struct MinIOConsumerTests {
    static func redisServer() async throws -> ManagedServer {
        try await blocking {
            let port = ManagedServer.freePort()
            return try ManagedServer(
                name: "redis", command: ["/usr/bin/redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                port: port, timeout: 600, ready: { ManagedServer.isListening($0) })
        }
    }

    @Test("Redis: access-format elements processed, a crashed run's element recovered, garbled and failed ones dead-lettered")
    func redis() async throws {
        let redisServer = try await Self.redisServer()
        defer { redisServer.stop() }
        let moto = try await SharedServers.shared.motoWithAuth()
        let stack = try await WorkerStack.make(endpoint: moto.endpoint, credentials: moto.credentials)
        let corpus = MediaCorpus.shared
        try await stack.upload(try await corpus.path("three_seconds.mp4"), key: "inputs/course/lesson1.mp4")
        try await stack.upload(try await corpus.path("audio.mp3"), key: "inputs/course/intro.mp3")
        try await stack.upload(try await corpus.path("random_bytes.mp4"), key: "inputs/broken.mp4")
        let url = "redis://127.0.0.1:\(redisServer.port)"
        let redis = try RedisClient(url: url)
        let key = "minio-events"
        func element(_ objectKey: String, _ name: String = "s3:ObjectCreated:Put") async throws -> String {
            WorkerStack.json([["Event": [stack.minioRecord(key: objectKey, etag: try await stack.etag(objectKey), name: name)], "EventTime": "2026-11-21T10:15:02.391Z"]])
        }
        try await redis.call("RPUSH", key, try await element("inputs/course/lesson1.mp4"))
        try await redis.call("RPUSH", key, "{not json")
        try await redis.call("RPUSH", key, try await element("inputs/broken.mp4"))
        // As if a worker with this id had died holding it.
        try await redis.call("RPUSH", "\(key):processing:redis-worker", try await element("inputs/course/intro.mp3", "s3:ObjectCreated:CompleteMultipartUpload"))

        let run = try await stack.drain([
            "QUEUE_URL": "", "REDIS_URL": url, "REDIS_KEY": key, "WORKER_ID": "redis-worker", "MAX_ATTEMPTS": "2",
        ])
        #expect(run.status == 0, "\(run.stderr.suffix(3000))")
        #expect(run.stderr.contains("recovered=1"))
        #expect(try await stack.report("json/course/lesson1.json").status == .complete)
        #expect(try await stack.report("json/course/intro.json").status == .complete)
        let broken = try await stack.report("json/broken.json")
        #expect(broken.status == .failed && broken.attempt == 2)
        #expect(try await stack.keys().contains("audiovideo/course/lesson1_360p.mp4"))
        for list in [key, "\(key):processing:redis-worker"] {
            #expect(try await redis.call("LLEN", list).integer == 0, "\(list) is not empty")
        }
        guard case .array(let dead?) = try await redis.call("LRANGE", "\(key):dead", "0", "-1") else {
            Issue.record("no dead list")
            return
        }
        #expect(dead.count == 2)
        #expect(dead.contains(.bulk(Array("{not json".utf8))))
        #expect(dead.contains { $0.text?.contains("broken.mp4") == true })
        #expect(try await redis.call("HLEN", "\(key):attempts").integer == 0)
    }

    static func post(_ url: String, body: String, token: String?) async throws -> Int {
        let file = try TestTools.temporaryDirectory("mw-post").appendingPathComponent("body.json")
        try Data(body.utf8).write(to: file)
        var arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@\(file.path)", url]
        if let token { arguments += ["-H", "Authorization: \(token)"] }
        let result = try await ProcessRunner.run("/usr/bin/curl", arguments)
        return Int(result.stdout) ?? -1
    }

    @Test("Webhook: the token is checked, events are stored before the 200 and survive kill -9")
    func webhook() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let stack = try await WorkerStack.make(endpoint: moto.endpoint, credentials: moto.credentials)
        let corpus = MediaCorpus.shared
        // A minute of 720p at x264's medium preset: the first job still runs, on any machine,
        // when the test sees it start and kills the worker.
        let talkFile = stack.work.appendingPathComponent("talk.mp4").path
        try await FFmpegTools.run(["-stream_loop", "5", "-i", try await corpus.path("h264_aac.mp4"), "-c", "copy", talkFile])
        try await stack.upload(talkFile, key: "inputs/talk.mp4")
        try await stack.upload(try await corpus.path("audio.mp3"), key: "inputs/jingle.mp3")
        let port = ManagedServer.freePort()
        let settings = [
            "QUEUE_URL": "", "WEBHOOK_LISTEN": "127.0.0.1:\(port)", "WEBHOOK_TOKEN": "s3cret-token", "WORKER_ID": "hook", "CONCURRENCY": "1",
            "X264_PRESET": "medium",
        ]
        let first = try await stack.start(settings, name: "webhook-first")
        let url = "http://127.0.0.1:\(port)/minio/events"
        func envelope(_ key: String) async throws -> String {
            WorkerStack.json([
                "EventName": "s3:ObjectCreated:Put", "Key": "\(stack.watch)/\(key)",
                "Records": [stack.minioRecord(key: key, etag: try await stack.etag(key))],
            ])
        }
        let talk = try await envelope("inputs/talk.mp4")
        #expect(try await Self.post(url, body: talk, token: nil) == 401)
        #expect(try await Self.post(url, body: talk, token: "Bearer wrong-token!") == 401)
        #expect(try await Self.post(url, body: String(repeating: "x", count: 2 << 20), token: "Bearer s3cret-token") == 413)
        #expect(try await Self.post(url, body: "not json", token: "Bearer s3cret-token") == 400)
        #expect(try await Self.post(url, body: talk, token: "Bearer s3cret-token") == 200)
        #expect(try await Self.post(url, body: try await envelope("inputs/jingle.mp3"), token: "s3cret-token") == 200)
        // The first job runs (one at a time); kill the worker while the second waits. Its start
        // is read from the log, which keeps it (a job folder is there only while the job runs).
        let started = try await RunningWorker.wait(600) {
            first.log.split(separator: "\n").contains { $0.contains("inputs/talk.mp4") && $0.contains("job started") }
        }
        #expect(started, "\(first.log.suffix(2000))")
        #expect(!first.log.contains("job finished"), "the first job ended before the kill: \(first.log.suffix(2000))")
        first.signal(SIGKILL)
        #expect(try await RunningWorker.wait(600) { !first.isAlive })
        first.server.stop()
        let spool = stack.work.appendingPathComponent("w/webhook-spool")
        let held = ["incoming", "processing"].flatMap { (try? FileManager.default.contentsOfDirectory(atPath: spool.appendingPathComponent($0).path)) ?? [] }
        #expect(held.count == 2, "spooled: \(held)")

        let second = try await stack.start(settings.merging(["X264_PRESET": "ultrafast"]) { $1 }, name: "webhook-second")
        let done = try await RunningWorker.wait(600) {
            let keys = try await stack.keys()
            return keys.contains("json/talk.json") && keys.contains("json/jingle.json")
        }
        second.signal(SIGTERM)
        _ = try await RunningWorker.wait(600) { !second.isAlive }
        second.server.stop()
        #expect(done, "\(second.log.suffix(3000))")
        #expect(second.log.contains("recovered=1"))
        #expect(try await stack.report("json/talk.json").status == .complete)
        #expect(try await stack.report("json/jingle.json").status == .complete)
        let left = ["incoming", "processing", "dead"].flatMap { (try? FileManager.default.contentsOfDirectory(atPath: spool.appendingPathComponent($0).path)) ?? [] }
        #expect(left.isEmpty, "\(left)")
    }
}

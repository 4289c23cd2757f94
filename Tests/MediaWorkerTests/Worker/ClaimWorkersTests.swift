import Foundation
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService
import Testing

/// Claims between real worker processes on real S3 servers. Each worker consumes its own
/// webhook (as two MinIO targets would feed two workers), so the test can hand one event to
/// both at the same instant. Versioning is on in the delivery bucket: every write of a key is
/// a version, so "written once" is counted by the store itself.
@Suite("Claims between worker processes on LocalStack and SeaweedFS", .serialized)
struct ClaimWorkersTests {
    static let srt = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n"

    struct Pair {
        let stack: WorkerStack
        let workers: [RunningWorker]
        let urls: [String]
    }

    /// Two webhook workers on `backend`, with a short lease.
    static func start(_ backend: S3Backend, names: [String] = ["a", "b"], extra: [String: String] = [:]) async throws -> Pair {
        let (endpoint, credentials) = try await backend.endpointAndCredentials()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let stack = WorkerStack(
            endpoint: endpoint, credentials: credentials, watch: "watch-\(suffix)", delivery: "delivery-\(suffix)", queueURL: "", deadLetterURL: "",
            work: try TestTools.temporaryDirectory("mw-claims"))
        _ = try await stack.boto(["mkbucket", stack.watch])
        _ = try await stack.boto(["mkbucket", stack.delivery])
        _ = try await stack.boto(["versioning", stack.delivery])
        var workers: [RunningWorker] = []
        var urls: [String] = []
        for name in names {
            let port = ManagedServer.freePort()
            let settings = [
                "QUEUE_URL": "", "WEBHOOK_LISTEN": "127.0.0.1:\(port)", "WEBHOOK_TOKEN": "claims-token", "WORKER_ID": name, "CLAIMS": "on",
                "CLAIM_LEASE_SECONDS": "6", "RETRY_DELAY_SECONDS": "1", "MAX_ATTEMPTS": "5", "QUEUE_WAIT_SECONDS": "1",
                // A work directory (and so a webhook spool) of its own, as on two machines.
                "WORK_DIR": stack.work.appendingPathComponent("w-\(name)").path,
            ].merging(extra) { $1 }
            workers.append(try await stack.start(settings, name: "claims-\(backend.rawValue)-\(name)"))
            urls.append("http://127.0.0.1:\(port)/minio/events")
        }
        return Pair(stack: stack, workers: workers, urls: urls)
    }

    static func envelope(_ stack: WorkerStack, key: String, etag: String) -> String {
        WorkerStack.json(["EventName": "s3:ObjectCreated:Put", "Key": "\(stack.watch)/\(key)", "Records": [stack.minioRecord(key: key, etag: etag)]])
    }

    static func decodeJSON<T>(_ text: String, as: T.Type) throws -> T {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? T)
    }

    @Test("one event to two workers at the same instant, 50 times: one set of outputs, each written once, one COMPLETE record, one token", arguments: [S3Backend.localstack, .seaweedfs])
    func sameInstant(backend: S3Backend) async throws {
        let pair = try await Self.start(backend)
        defer { for worker in pair.workers { worker.server.stop() } }
        let stack = pair.stack
        let file = stack.work.appendingPathComponent("captions.srt")
        try Data(Self.srt.utf8).write(to: file)
        let count = 50
        let etags = try Self.decodeJSON(try await stack.boto(["put-many", stack.watch, "inputs/race/", ".srt", file.path, "\(count)"]), as: [String: String].self)
        #expect(etags.count == count)
        for (key, etag) in etags.sorted(by: { $0.key < $1.key }) {
            let body = Self.envelope(stack, key: key, etag: etag)
            async let first = MinIOConsumerTests.post(pair.urls[0], body: body, token: "Bearer claims-token")
            async let second = MinIOConsumerTests.post(pair.urls[1], body: body, token: "Bearer claims-token")
            #expect(try await [first, second] == [200, 200])
        }
        let records = (0..<count).map { "json/race/\($0).srt.json" }
        // Only to stop a hung test: both workers settle every event (a deferred one comes
        // back once the other's lease ends, and is then skipped as COMPLETE).
        let settled = try await RunningWorker.wait(600) {
            let keys = Set(try await stack.keys())
            let done = records.allSatisfy { keys.contains($0) }
            let quiet = pair.workers.allSatisfy { $0.log.components(separatedBy: "job finished").count - 1 >= count }
            return (done && quiet) || pair.workers.contains { !$0.isAlive }
        }
        #expect(settled, "\(pair.workers.map { $0.log.suffix(2000) })")

        let versions = try Self.decodeJSON(try await stack.boto(["versions", stack.delivery]), as: [String: Int].self)
        let outputs = versions.filter { !$0.key.hasPrefix(".media-worker.") }
        #expect(outputs.count == count * 3, "\(outputs.keys.sorted().prefix(10))")
        #expect(outputs.values.allSatisfy { $0 == 1 }, "written more than once: \(outputs.filter { $0.value > 1 })")
        let metadata = try Self.decodeJSON(try await stack.boto(["metadata", stack.delivery]), as: [String: [String: String]].self)
        for index in 0..<count {
            let record = try await stack.report("json/race/\(index).srt.json")
            #expect(record.status == .complete)
            let token = try #require(record.claim?.token, "json/race/\(index).srt.json has no claim")
            let recordKey = "json/race/\(index).srt.json"
            #expect(metadata[recordKey]?[ClaimStore.tokenMetadata] == String(token), "\(recordKey): \(metadata[recordKey] ?? [:]) vs token \(token)")
            // An output a job stored before it lost its lease (a loaded machine can stall a
            // renewal past the 6 s lease) is kept by the next holder when its bytes are the
            // same (docs/worker.md, Claims): it keeps the earlier, smaller token. Never a later one.
            for key in ["closed-caption/race/\(index).vtt", "original/race/\(index).srt"] {
                let stored = try #require(metadata[key]?[ClaimStore.tokenMetadata].flatMap { Int($0) }, "\(key) has no token: \(metadata[key] ?? [:])")
                #expect((1...token).contains(stored), "\(key): token \(stored) vs the record's \(token)")
            }
        }
        let logs = pair.workers.map(\.log).joined()
        let completed = logs.components(separatedBy: "outcome=completed").count - 1
        let deferred = logs.components(separatedBy: "job deferred").count - 1
        #expect(completed == count, "each upload completed by one worker only")
        print("\(backend.rawValue): \(count) events to two workers at once: \(completed) completed, \(deferred) deferred by a claim, versions all 1")
    }

    @Test("a worker SIGKILLed while it holds a claim: the other takes over when the lease ends, and the outputs carry the next token")
    func killedHolder() async throws {
        let backend = S3Backend.seaweedfs
        // A longer lease than the race test's: b encodes for a while on a loaded machine, and a
        // renewal stalled past a 6 s lease would hand its claim to a third token.
        let pair = try await Self.start(backend, extra: ["CONCURRENCY": "1", "X264_PRESET": "medium", "CLAIM_LEASE_SECONDS": "20"])
        defer { for worker in pair.workers { worker.server.stop() } }
        let stack = pair.stack
        let clip = stack.work.appendingPathComponent("long.mp4").path
        // Long enough that the first worker is still encoding when it is killed.
        try await FFmpegTools.run(["-stream_loop", "3", "-i", try await MediaCorpus.shared.path("h264_aac.mp4"), "-c", "copy", clip])
        let key = "inputs/talk.mp4"
        try await stack.upload(clip, key: key)
        let body = Self.envelope(stack, key: key, etag: try await stack.etag(key))
        let claimKey = ClaimStore(store: InMemoryObjectStore(), bucket: stack.delivery, owner: "", lease: 6).location(upload: key).key
        #expect(try await MinIOConsumerTests.post(pair.urls[0], body: body, token: "Bearer claims-token") == 200)
        // Observed, not timed: the claim object exists and names worker a.
        let claimed = try await RunningWorker.wait(600) {
            guard (try await stack.keys(includingState: true)).contains(claimKey) else { return false }
            let claim = try await stack.download(claimKey)
            return String(decoding: try Data(contentsOf: claim), as: UTF8.self).contains(#""owner":"a""#)
        }
        #expect(claimed, "\(pair.workers[0].log.suffix(2000))")
        pair.workers[0].signal(SIGKILL)
        #expect(try await MinIOConsumerTests.post(pair.urls[1], body: body, token: "Bearer claims-token") == 200)
        let done = try await RunningWorker.wait(900) {
            (try await stack.keys()).contains("json/talk.json") || !pair.workers[1].isAlive
        }
        #expect(done, "\(pair.workers[1].log.suffix(3000))")
        let record = try await stack.report("json/talk.json")
        #expect(record.status == .complete, "\(record.error?.message ?? "")")
        #expect(record.claim == ClaimStamp(token: 2, owner: "b"), "\(String(describing: record.claim))")
        let metadata = try Self.decodeJSON(try await stack.boto(["metadata", stack.delivery]), as: [String: [String: String]].self)
        for output in record.outputs {
            #expect(metadata[output.path]?[ClaimStore.tokenMetadata] == "2", "\(output.path): \(metadata[output.path] ?? [:])")
        }
        let log = pair.workers[1].log
        #expect(log.contains("job deferred") || log.contains("waiting for another worker's claim"), "b met a's live claim first: \(log.suffix(2000))")
    }

    @Test("a store that refuses conditional writes (the fault proxy answers them 501): the startup warning, and delivery still works")
    func refusedConditions() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let port = ManagedServer.freePort()
        let proxy = try await blocking {
            try ManagedServer(
                name: "fault-proxy-conditional", command: ["python3", TestTools.helper("fault_proxy.py"), String(port), moto.endpoint], port: port, timeout: 600,
                ready: { ManagedServer.isListening($0) })
        }
        defer { proxy.stop() }
        let armed = try await ProcessRunner.run("/usr/bin/curl", ["-s", "-X", "POST", "--data-binary", #"{"mode": "refuse-conditional"}"#, proxy.endpoint + "/__fault"])
        #expect(armed.stdout == "armed")
        var stack = try await WorkerStack.make(endpoint: moto.endpoint, credentials: moto.credentials)
        stack = WorkerStack(
            endpoint: proxy.endpoint, credentials: stack.credentials, watch: stack.watch, delivery: stack.delivery, queueURL: stack.queueURL,
            deadLetterURL: stack.deadLetterURL, work: stack.work)
        let file = stack.work.appendingPathComponent("c.srt")
        try Data(Self.srt.utf8).write(to: file)
        try await stack.upload(file.path, key: "inputs/c.srt")
        let result = try await stack.drain(["CLAIMS": "auto"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("claims off: the delivery store refuses If-None-Match on PutObject (NotImplemented, HTTP 501)"), "\(result.stderr.suffix(3000))")
        #expect(try await stack.report("json/c.srt.json").status == .complete)
        let strict = try await stack.drain(["CLAIMS": "on"])
        #expect(strict.status != 0)
        #expect(strict.stderr.contains("CLAIMS=on, but"), "\(strict.stderr.suffix(2000))")
    }
}

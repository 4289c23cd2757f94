import Foundation
import MediaWorkerPipeline
import MediaWorkerService
import MediaWorkerSigning

/// A worker deployment on a local S3+SQS server for end-to-end tests: fresh buckets and
/// queues made by `media-worker setup`, boto3 as the independent client, and the worker
/// binary run as operators run it.
struct WorkerStack: Sendable {
    let endpoint: String
    let credentials: AWSCredentials
    let watch: String
    let delivery: String
    let queueURL: String
    let deadLetterURL: String
    let work: URL

    /// Runs `media-worker setup` with names unique to this test.
    static func make(endpoint: String, credentials: AWSCredentials, maxReceiveCount: Int = 2, visibilityTimeout: Int = 30) async throws -> WorkerStack {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let (watch, delivery, queue) = ("watch-\(suffix)", "delivery-\(suffix)", "mw-\(suffix)")
        let work = try TestTools.temporaryDirectory("mw-work")
        let base = baseEnvironment(endpoint: endpoint, credentials: credentials, home: work.path)
        let result = try await ProcessRunner.run(
            try TestTools.mediaWorker(),
            ["setup", "--watch-bucket", watch, "--destination-bucket", delivery, "--queue-name", queue, "--max-receive-count", String(maxReceiveCount),
             "--visibility-timeout", String(visibilityTimeout)], environment: base)
        guard result.status == 0 else { throw TestTools.Missing(description: "setup failed: \(result.stderr)") }
        var exports: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst(7).split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { exports[pair[0]] = pair[1] }
        }
        return WorkerStack(
            endpoint: endpoint, credentials: credentials, watch: watch, delivery: delivery, queueURL: exports["QUEUE_URL"] ?? "",
            deadLetterURL: exports["DEAD_LETTER_QUEUE_URL"] ?? "", work: work)
    }

    /// Runs `media-worker setup` again with the same names (it must change nothing).
    func rerunSetup(maxReceiveCount: Int = 2) async throws -> ProcessResult {
        let queue = queueURL.split(separator: "/").last.map(String.init) ?? ""
        return try await ProcessRunner.run(
            try TestTools.mediaWorker(),
            ["setup", "--watch-bucket", watch, "--destination-bucket", delivery, "--queue-name", queue, "--max-receive-count", String(maxReceiveCount)],
            environment: Self.baseEnvironment(endpoint: endpoint, credentials: credentials, home: work.path))
    }

    static func baseEnvironment(endpoint: String, credentials: AWSCredentials, home: String) -> [String: String] {
        var environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home, "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey, "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true", "LOG_FORMAT": "text",
        ]
        // Sanitizer settings reach the (sanitized) workers too, e.g. TSAN_OPTIONS=log_path=...
        for name in ["TSAN_OPTIONS", "ASAN_OPTIONS", "LSAN_OPTIONS"] { environment[name] = ProcessInfo.processInfo.environment[name] }
        return environment
    }

    /// The worker's environment: this stack plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        Self.baseEnvironment(endpoint: endpoint, credentials: credentials, home: work.path).merging([
            "QUEUE_URL": queueURL, "DESTINATION_BUCKET": delivery, "WATCH_BUCKET": watch, "WORK_DIR": work.appendingPathComponent("w").path,
            "QUEUE_WAIT_SECONDS": "1", "RETRY_DELAY_SECONDS": "0", "VISIBILITY_TIMEOUT": "30", "MIN_FREE_DISK_MB": "10", "X264_PRESET": "ultrafast",
            "CONCURRENCY": "2",
        ]) { _, new in new }.merging(extra) { _, new in new }
    }

    /// `media-worker run --drain`.
    func drain(_ extra: [String: String] = [:]) async throws -> ProcessResult {
        try await ProcessRunner.run(try TestTools.mediaWorker(), ["run", "--drain"], environment: environment(extra))
    }

    func boto(_ arguments: [String]) async throws -> String {
        let result = try await ProcessRunner.run(
            try TestTools.python(), [TestTools.helper("s3_tool.py"), endpoint, credentials.accessKeyID, credentials.secretAccessKey] + arguments)
        guard result.status == 0 else { throw TestTools.Missing(description: "s3_tool.py \(arguments.joined(separator: " ")) failed: \(result.stderr)") }
        return result.stdout
    }

    func upload(_ file: String, key: String) async throws { _ = try await boto(["put", watch, key, file]) }

    /// The bucket's keys (boto3), sorted; the worker's own state (`.media-worker.` claims and
    /// index entries) is left out unless `includingState`.
    func keys(_ bucket: String? = nil, includingState: Bool = false) async throws -> [String] {
        let all = try JSONDecoder().decode([String].self, from: Data(try await boto(["list", bucket ?? delivery]).utf8))
        return includingState ? all : all.filter { !$0.hasPrefix(".media-worker.") }
    }

    func download(_ key: String, bucket: String? = nil) async throws -> URL {
        let file = work.appendingPathComponent("get-\(UUID().uuidString.prefix(8))-" + (key.split(separator: "/").last.map(String.init) ?? "file"))
        _ = try await boto(["get", bucket ?? delivery, key, file.path])
        return file
    }

    func report(_ key: String) async throws -> DeliveryReport {
        try DeliveryReport.decode(try Data(contentsOf: try await download(key)))
    }

    func send(_ body: String, queue: String? = nil) async throws { _ = try await boto(["sqs-send", queue ?? queueURL, body]) }

    /// Receives and deletes every message of a queue; the bodies.
    func drainQueue(_ url: String) async throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(try await boto(["sqs-drain", url]).utf8))
    }
}

/// A `media-worker run` process (under the test supervisor), for crash and shutdown tests.
struct RunningWorker: Sendable {
    let server: ManagedServer
    /// The worker's own pid (the supervisor's child).
    let pid: pid_t

    var log: String { (try? String(contentsOf: server.logFile, encoding: .utf8)) ?? "" }

    /// Whether the worker process still exists (not a zombie).
    var isAlive: Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return !status.contains(") Z ")
    }

    func signal(_ number: Int32) { kill(pid, number) }

    /// Waits until `condition` holds, up to `seconds`.
    static func wait(_ seconds: Double, _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}

extension WorkerStack {
    /// Starts `media-worker run` (no drain) and waits for its "worker started" line.
    /// `removing`: variables of the stack's environment left out (`QUEUE_URL` for a Redis or webhook worker).
    func start(_ extra: [String: String] = [:], name: String = "worker", removing: Set<String> = []) async throws -> RunningWorker {
        let environment = environment(extra).filter { !removing.contains($0.key) }
        let binary = try TestTools.mediaWorker()
        let server = try await blocking {
            let port = ManagedServer.freePort()
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("mw-\(name)-\(port).log")
            return try ManagedServer(name: name, command: ["/usr/bin/env"] + environment.map { "\($0.key)=\($0.value)" } + [binary, "run"], port: port, timeout: 600) { _ in
                ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("worker started")
            }
        }
        guard let pid = TemplateReloadTests.child(of: server.pid) else { throw TestTools.Missing(description: "no worker process under the supervisor") }
        return RunningWorker(server: server, pid: pid)
    }

    /// Job folders the worker `id` has in its work directory now.
    func jobFolders(worker id: String) -> [String] {
        WorkDirectory(root: work.appendingPathComponent("w").path, minimumFreeBytes: 0).jobFolders(workerID: id)
    }
}

extension WorkerStack {
    func etag(_ key: String) async throws -> String {
        try await boto(["etag", watch, key]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A MinIO event record for an object of the watch bucket (key escaped as Go's
    /// url.QueryEscape does: `/` as %2F, space as +).
    func minioRecord(key: String, etag: String, name: String = "s3:ObjectCreated:Put") -> [String: Any] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~ ")
        let escaped = (key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key).replacingOccurrences(of: " ", with: "+")
        return [
            "eventVersion": "2.0", "eventSource": "minio:s3", "awsRegion": "", "eventTime": "2026-11-21T10:15:02.391Z", "eventName": name,
            "userIdentity": ["principalId": "minioadmin"],
            "s3": [
                "s3SchemaVersion": "1.0", "configurationId": "Config", "bucket": ["name": watch, "arn": "arn:aws:s3:::\(watch)"],
                "object": ["key": escaped, "size": 1, "eTag": etag, "contentType": "video/mp4", "sequencer": "1879E0C6B8C3A5F0"],
            ],
        ]
    }

    static func json(_ object: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}

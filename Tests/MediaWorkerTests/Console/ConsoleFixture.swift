import Foundation
import MediaWorkerPipeline
import MediaWorkerSupport
import Testing

@testable import MediaWorkerConsole

/// LocalStack, a worker (`media-worker run`) and the console (`media-worker console`) on
/// free loopback ports, shared by the browser tests of one run; accounts of each role.
struct ConsoleFixture: Sendable {
    let stack: WorkerStack
    let worker: RunningWorker
    let console: ManagedServer
    let screenshots: URL
    /// The public bucket approval copies to, and the webhook receiver's record of notifications.
    let publicBucket: String
    let notifications: URL
    let receiver: ManagedServer
    static let reviewPrefix = "inputs/review/"
    /// The worker's templates folder (JOB_TEMPLATE=templates/job.json): job-templates/job.json with its 360p output only,
    /// mirrored from ``templateBucketURI`` (TEMPLATE_BUCKET_URI), where the console saves edits.
    let templates: URL
    /// The console's own templates folder, mirrored from the same bucket prefix.
    let consoleTemplates: URL
    static let templatePrefix = "config/job-templates/"
    var templateBucketURI: String { "s3://\(stack.delivery)/\(Self.templatePrefix)" }
    /// A redis-server whose list `redisKey` (and its dead list) the console shows.
    let redis: ManagedServer
    static let redisKey = "console-events"
    /// The webhook spool the console shows the dead folder of (a webhook worker's WORK_DIR/webhook-spool).
    let webhookWork: URL
    var spool: URL { webhookWork.appendingPathComponent("webhook-spool") }
    static let password = "console test password"
    static let accounts: [(String, Role)] = [("olivia", .operator), ("rita", .reviewer), ("victor", .viewer), ("mallory", .viewer)]

    var url: String { "http://127.0.0.1:\(console.port)" }

    private static let shared = Locked<Task<ConsoleFixture, any Error>?>(nil)

    static func get() async throws -> ConsoleFixture {
        try BrowserTools.require()
        _ = try TestTools.localstackPython()
        let task = shared.withLock { task in
            if task == nil { task = Task { try await start() } }
            return task!
        }
        return try await task.value
    }

    static func start() async throws -> ConsoleFixture {
        let localstack = try await SharedServers.shared.localStack()
        let stack = try await WorkerStack.make(endpoint: localstack.endpoint, credentials: LocalStackServer.credentials, maxReceiveCount: 1)
        let publicBucket = "public-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await stack.boto(["mkbucket", publicBucket])
        let notifications = stack.work.appendingPathComponent("notifications.jsonl")
        let receiver = try await ManagedServer.webhookReceiver(recording: notifications)
        let notify = ["NOTIFY_WEBHOOK_URL": "\(receiver.endpoint)/jobs", "NOTIFY_WEBHOOK_SECRET": "console-test-secret"]
        let templates = stack.work.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let make = try await ProcessRunner.run(try TestTools.python(), [
            "-c", "import json,sys; t=json.load(open(sys.argv[1])); g=t['OutputGroups'][0]; g['Outputs']=g['Outputs'][-1:]; open(sys.argv[2],'w').write(json.dumps(t, indent=2)+'\\n')",
            Fixtures.repositoryRoot.appendingPathComponent("job-templates/job.json").path, templates.appendingPathComponent("job.json").path,
        ])
        guard make.status == 0 else { throw TestTools.Missing(description: "cannot make the fixture's template: \(make.stderr)") }
        _ = try await stack.boto(["put", stack.delivery, templatePrefix + "job.json", templates.appendingPathComponent("job.json").path])
        let bucketURI = "s3://\(stack.delivery)/\(templatePrefix)"
        let consoleTemplates = stack.work.appendingPathComponent("console-templates")
        let worker = try await stack.start(
            notify.merging([
                "MAX_ATTEMPTS": "1", "REVIEW_PREFIXES": reviewPrefix, "JOB_TEMPLATE": templates.appendingPathComponent("job.json").path, "TEMPLATE_BUCKET_URI": bucketURI,
            ]) { $1 },
            name: "console-worker")
        let hash = UserDirectory.hash(password, cost: 4)
        let users = stack.work.appendingPathComponent("console-users")
        try accounts.map { "\($0.0):\($0.1.rawValue):\(hash)" }.joined(separator: "\n").write(to: users, atomically: true, encoding: .utf8)
        let redis = try await MinIOConsumerTests.redisServer()
        let webhookWork = stack.work.appendingPathComponent("webhook-work")
        for folder in ["incoming", "processing", "dead", "tmp"] {
            try FileManager.default.createDirectory(at: webhookWork.appendingPathComponent("webhook-spool/\(folder)"), withIntermediateDirectories: true)
        }
        let port = ManagedServer.freePort()
        let environment = stack.environment([
            "REDIS_URL": "redis://127.0.0.1:\(redis.port)", "REDIS_KEY": redisKey, "WEBHOOK_SPOOL_DIR": webhookWork.appendingPathComponent("webhook-spool").path,
            "CONSOLE_LISTEN": "127.0.0.1:\(port)", "CONSOLE_USERS_FILE": users.path, "CONSOLE_INSECURE_COOKIE": "true",
            "CONSOLE_PRESIGN_SECONDS": "600", "DEAD_LETTER_QUEUE_URL": stack.deadLetterURL, "CONSOLE_TEMPLATES_DIR": consoleTemplates.path, "TEMPLATE_BUCKET_URI": bucketURI, "PUBLISH_BUCKET": publicBucket, "PUBLISH_PREFIX": "site/",
        ].merging(notify) { $1 })
        let binary = try TestTools.mediaWorker()
        let console = try await blocking {
            try ManagedServer(name: "console", command: ["/usr/bin/env"] + environment.map { "\($0.key)=\($0.value)" } + [binary, "console"], port: port, timeout: 600) {
                ManagedServer.isListening($0)
            }
        }
        let screenshots = Fixtures.repositoryRoot.appendingPathComponent(".build/console-screenshots")
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        return ConsoleFixture(
            stack: stack, worker: worker, console: console, screenshots: screenshots, publicBucket: publicBucket, notifications: notifications, receiver: receiver,
            templates: templates, consoleTemplates: consoleTemplates, redis: redis, webhookWork: webhookWork)
    }

    /// Runs a scenario of Tests/Helpers/console_browser.py; what the browser saw.
    func browser(_ scenario: String, _ config: [String: Any]) async throws -> [String: Any] {
        var config = config
        config["url"] = url
        config["screenshots"] = screenshots.path
        config["operator"] = ["olivia", Self.password]
        config["viewer"] = ["victor", Self.password]
        config["reviewer"] = ["rita", Self.password]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
        let result = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("console_browser.py"), scenario, json])
        guard result.status == 0, let line = result.stdout.split(separator: "\n").last,
            let facts = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            throw TestTools.Missing(description: "console_browser.py \(scenario) failed (\(result.status)):\n\(result.stderr.suffix(4000))\nconsole log:\n\(consoleLog.suffix(3000))")
        }
        return facts
    }

    /// The upload keys of the notifications received so far.
    func notifiedKeys() -> [String] {
        let text = (try? String(contentsOf: notifications, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            let body = (object["body"] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? object
            return ((body["report"] as? [String: Any])?["input"] as? [String: Any])?["key"] as? String ?? (body["key"] as? String)
        }
    }

    var consoleLog: String { (try? String(contentsOf: console.logFile, encoding: .utf8)) ?? "" }

    /// Waits for the job record of `key` to have a final status (boto3 reads it).
    func finishedRecord(upload key: String) async throws -> DeliveryReport? {
        let recordKey = S3JobRecordStore.key(upload: key)
        let report = Locked<DeliveryReport?>(nil)
        let stack = self.stack
        _ = try await RunningWorker.wait(600) {
            guard (try? await stack.keys())?.contains(recordKey) == true else { return false }
            let read = try? await stack.report(recordKey)
            report.withLock { $0 = read }
            return read.map { $0.status == .complete || $0.status == .failed } ?? false
        }
        return report.withLock { $0 }
    }
}

/// Debian's chromium and chromium-driver, and Selenium in the project's .venv.
enum BrowserTools {
    static func require() throws {
        for path in ["/usr/bin/chromium", "/usr/bin/chromedriver"] where !FileManager.default.isExecutableFile(atPath: path) {
            throw TestTools.Missing(description: "\(path) is missing: `make deps` installs Debian's chromium and chromium-driver")
        }
        let python = try TestTools.python()
        let check = try ProcessRunner.runBlocking(python, ["-c", "import selenium"])
        guard check.status == 0 else { throw TestTools.Missing(description: "Selenium is missing from .venv: run `make deps-python`") }
    }
}

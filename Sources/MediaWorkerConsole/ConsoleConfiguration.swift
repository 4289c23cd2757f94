public import Foundation
public import MediaWorkerS3
import MediaWorkerService

/// Everything `media-worker console` (or `CONSOLE_LISTEN` on `run`) needs. Read from the
/// environment by ``fromEnvironment(_:)``; every problem is reported at once.
public struct ConsoleConfiguration: Sendable {
    /// How requests are authenticated.
    public enum Authentication: Sendable, Equatable {
        /// Local accounts (bcrypt hashes), sign-in page, session cookie.
        case local(UserDirectory.Source)
        /// An authenticating reverse proxy sets `userHeader` (and `roleHeader`, else
        /// `defaultRole` applies). The console must then be reachable through that proxy only.
        case trustedHeader(userHeader: String, roleHeader: String?, defaultRole: Role)
    }

    public var host = "127.0.0.1"
    public var port = 8090
    public var authentication: Authentication
    /// `Secure` on the session cookie. Off only for plain HTTP on loopback (tests, `make console`).
    public var secureCookie = true
    public var sessionLifetime: TimeInterval = 8 * 3600
    /// Where the job records (json/) and outputs are.
    public var deliveryBucket: String
    /// Where uploads go (the worker's watch bucket and prefix).
    public var watchBucket: String
    public var watchPrefix = "inputs/"
    /// The lifetime of every presigned URL the console hands out.
    public var presignSeconds = 300
    /// Seconds between looks at the buckets for changed jobs.
    public var refreshSeconds: Double = 2
    /// The worker's queue, for retries (re-enqueued S3 events).
    public var queueURL: String?
    /// The origins the browser loads the console from (CONSOLE_ORIGIN, comma-separated;
    /// default the listen address): the buckets' CORS rules allow these.
    public var origins: [String] = []
    /// Whether the console puts those CORS rules on the buckets at start (CONSOLE_APPLY_CORS).
    public var applyCORS = true
    /// Where approval publishes a reviewed job's outputs (PUBLISH_BUCKET, PUBLISH_PREFIX).
    public var publishBucket: String?
    public var publishPrefix = ""
    /// Where an approved job is announced (the worker's NOTIFY_SNS_TOPIC_ARN, NOTIFY_WEBHOOK_URL and NOTIFY_WEBHOOK_SECRET).
    public var notifyTopicARN: String?
    public var notifyWebhookURL: String?
    public var notifyWebhookSecret: String?
    /// The dead-letter boxes the console shows: DEAD_LETTER_QUEUE_URL (SQS), REDIS_URL and
    /// REDIS_KEY, WEBHOOK_SPOOL_DIR (else WORK_DIR/webhook-spool when it exists).
    public var deadLetterQueueURL: String?
    public var redisURL: String?
    public var redisKey = "media-worker-events"
    public var spoolDirectory: String?
    /// The job templates the worker reloads (CONSOLE_TEMPLATES_DIR, TEMPLATE_DIRECTORY, MEDIA_WORKER_TEMPLATES, JOB_TEMPLATE's folder).
    public var templatesDirectory = "job-templates"
    /// TEMPLATE_BUCKET_URI: the bucket prefix the workers mirror their templates from; an
    /// edit is saved there (and to the folder, which is mirrored from it too).
    public var templateBucket: S3Location?

    public init(authentication: Authentication, deliveryBucket: String, watchBucket: String) {
        self.authentication = authentication
        self.deliveryBucket = deliveryBucket
        self.watchBucket = watchBucket
    }

    /// Reads CONSOLE_LISTEN, CONSOLE_USERS_FILE or CONSOLE_USERS, CONSOLE_TRUSTED_HEADER,
    /// CONSOLE_TRUSTED_ROLE_HEADER, CONSOLE_TRUSTED_DEFAULT_ROLE, CONSOLE_INSECURE_COOKIE,
    /// CONSOLE_SESSION_HOURS, CONSOLE_PRESIGN_SECONDS, CONSOLE_ORIGIN, CONSOLE_APPLY_CORS, PUBLISH_BUCKET, PUBLISH_PREFIX, the NOTIFY_ variables, DEAD_LETTER_QUEUE_URL, REDIS_URL, REDIS_KEY, WEBHOOK_SPOOL_DIR, WORK_DIR, CONSOLE_TEMPLATES_DIR (else MEDIA_WORKER_TEMPLATES or JOB_TEMPLATE's folder), DESTINATION_BUCKET (or DELIVERY_BUCKET),
    /// WATCH_BUCKET, WATCH_PREFIX and QUEUE_URL.
    public static func fromEnvironment(_ variables: [String: String]) throws(ConsoleError) -> ConsoleConfiguration {
        func value(_ name: String) -> String? {
            guard let text = variables[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        var problems: [String] = []
        let delivery = value("DESTINATION_BUCKET") ?? value("DELIVERY_BUCKET")
        if delivery == nil { problems.append("set DESTINATION_BUCKET (the delivery bucket with the job records under json/)") }
        let authentication: Authentication
        if let header = value("CONSOLE_TRUSTED_HEADER") {
            let role = value("CONSOLE_TRUSTED_DEFAULT_ROLE").map { Role(rawValue: $0) } ?? .viewer
            if role == nil { problems.append("CONSOLE_TRUSTED_DEFAULT_ROLE must be viewer, reviewer or operator") }
            authentication = .trustedHeader(userHeader: header, roleHeader: value("CONSOLE_TRUSTED_ROLE_HEADER"), defaultRole: role ?? .viewer)
        } else if let file = value("CONSOLE_USERS_FILE") {
            authentication = .local(.file(file))
        } else if let users = value("CONSOLE_USERS") {
            authentication = .local(.text(users))
        } else {
            problems.append("set CONSOLE_USERS_FILE (lines name:role:bcrypt-hash; `media-worker console --hash-password` makes a hash) or CONSOLE_TRUSTED_HEADER")
            authentication = .local(.text(""))
        }
        var configuration = ConsoleConfiguration(
            authentication: authentication, deliveryBucket: delivery ?? "", watchBucket: value("WATCH_BUCKET") ?? delivery ?? "")
        if let listen = value("CONSOLE_LISTEN") {
            if let (host, port) = Self.address(listen) {
                (configuration.host, configuration.port) = (host, port)
            } else {
                problems.append("CONSOLE_LISTEN must be HOST:PORT, e.g. 127.0.0.1:8090")
            }
        }
        if let insecure = value("CONSOLE_INSECURE_COOKIE"), ["1", "true", "yes"].contains(insecure.lowercased()) {
            if Self.isLoopback(configuration.host) {
                configuration.secureCookie = false
            } else {
                problems.append("CONSOLE_INSECURE_COOKIE is allowed on a loopback address only (CONSOLE_LISTEN=127.0.0.1:PORT)")
            }
        }
        if let hours = value("CONSOLE_SESSION_HOURS") {
            if let number = Double(hours), number > 0, number <= 24 * 30 { configuration.sessionLifetime = number * 3600 } else { problems.append("CONSOLE_SESSION_HOURS must be a number of hours from 0 to 720") }
        }
        if let seconds = value("CONSOLE_PRESIGN_SECONDS") {
            if let number = Int(seconds), (10...3600).contains(number) { configuration.presignSeconds = number } else { problems.append("CONSOLE_PRESIGN_SECONDS must be 10 to 3600") }
        }
        if let prefix = value("WATCH_PREFIX") { configuration.watchPrefix = prefix }
        configuration.queueURL = value("QUEUE_URL")
        if let origins = value("CONSOLE_ORIGIN") {
            configuration.origins = origins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } else {
            let port = configuration.port
            configuration.origins = isLoopback(configuration.host) || configuration.host == "0.0.0.0"
                ? ["http://127.0.0.1:\(port)", "http://localhost:\(port)"] : ["http://\(configuration.host):\(port)"]
        }
        configuration.publishBucket = value("PUBLISH_BUCKET")
        configuration.publishPrefix = value("PUBLISH_PREFIX") ?? ""
        configuration.notifyTopicARN = value("NOTIFY_SNS_TOPIC_ARN")
        configuration.notifyWebhookURL = value("NOTIFY_WEBHOOK_URL")
        configuration.notifyWebhookSecret = value("NOTIFY_WEBHOOK_SECRET")
        configuration.deadLetterQueueURL = value("DEAD_LETTER_QUEUE_URL")
        configuration.redisURL = value("REDIS_URL")
        configuration.redisKey = value("REDIS_KEY") ?? configuration.redisKey
        configuration.spoolDirectory = value("WEBHOOK_SPOOL_DIR") ?? value("WORK_DIR").map { ($0 as NSString).appendingPathComponent("webhook-spool") }
        // The worker's own folder setting (TEMPLATE_DIRECTORY) is honoured too, so that one
        // environment serves `run` and `console` with the same templates.
        if let directory = value("CONSOLE_TEMPLATES_DIR") ?? value("TEMPLATE_DIRECTORY") ?? value("MEDIA_WORKER_TEMPLATES") {
            configuration.templatesDirectory = directory
        } else if let template = value("JOB_TEMPLATE") ?? value("MEDIA_WORKER_TEMPLATE") {
            let folder = (template as NSString).deletingLastPathComponent
            configuration.templatesDirectory = folder.isEmpty ? "." : folder
        }
        if let uri = value("TEMPLATE_BUCKET_URI") {
            configuration.templateBucket = TemplateBucketSync.parse(uri)
            if configuration.templateBucket == nil { problems.append("TEMPLATE_BUCKET_URI=\(uri): give the bucket prefix as s3://BUCKET/PREFIX/") }
        }
        if let apply = value("CONSOLE_APPLY_CORS") { configuration.applyCORS = !["0", "false", "no", "off"].contains(apply.lowercased()) }
        if !problems.isEmpty { throw ConsoleError.configuration(problems) }
        return configuration
    }

    static func address(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else { return nil }
        let host = String(text[..<colon])
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

extension UserDirectory {
    /// Where the accounts come from.
    public enum Source: Sendable, Equatable {
        case file(String)
        case text(String)
    }

    /// Loads the accounts from `source`.
    public static func load(_ source: Source) throws(ConsoleError) -> UserDirectory {
        switch source {
        case .text(let text):
            return try parse(text, source: "CONSOLE_USERS")
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ConsoleError.configuration(["CONSOLE_USERS_FILE \(path) cannot be read"])
            }
            return try parse(text, source: path)
        }
    }
}

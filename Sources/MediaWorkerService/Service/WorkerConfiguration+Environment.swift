import Foundation
import MediaWorkerJobs

extension WorkerConfiguration {
    /// Reads the configuration from environment variables (flags override them in `run`):
    ///
    /// `QUEUE_URL` (SQS) or `REDIS_URL` + `REDIS_KEY` or `WEBHOOK_LISTEN` + `WEBHOOK_TOKEN`;
    /// `DESTINATION_BUCKET` (or `DELIVERY_BUCKET`); `WATCH_BUCKET`, `WATCH_PREFIX`;
    /// `BACKEND=local|mediaconvert`; `JOB_TEMPLATE`; `APPLICATION_NAME`; `THUMBNAIL_SECONDS`;
    /// `CONCURRENCY`; `VISIBILITY_TIMEOUT`; `QUEUE_WAIT_SECONDS`; `MAX_ATTEMPTS`;
    /// `RETRY_DELAY_SECONDS`; `WORK_DIR`; `MIN_FREE_DISK_MB`; `SHUTDOWN_GRACE_SECONDS`;
    /// `PROCESS_UNKNOWN_TYPES`; `MEDIACONVERT_POLL`; `MEDIACONVERT_ROLE_ARN` and the other
    /// `MEDIACONVERT_*`; `WORKER_ID`; `X264_PRESET`; `HTTP_LISTEN`; `NOTIFY_SNS_TOPIC_ARN`,
    /// `NOTIFY_WEBHOOK_URL`, `NOTIFY_WEBHOOK_SECRET`.
    public static func fromEnvironment(_ environment: [String: String]) throws(WorkerConfigurationError) -> WorkerConfiguration {
        var problems: [String] = []
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        func integer(_ name: String, _ range: ClosedRange<Int>) -> Int? {
            guard let text = value(name) else { return nil }
            guard let number = Int(text), range.contains(number) else {
                problems.append("\(name)=\(text): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
                return nil
            }
            return number
        }
        func number(_ name: String, _ range: ClosedRange<Double>) -> Double? {
            guard let text = value(name) else { return nil }
            guard let number = Double(text), range.contains(number) else {
                problems.append("\(name)=\(text): expected a number from \(range.lowerBound) to \(range.upperBound)")
                return nil
            }
            return number
        }
        func flag(_ name: String) -> Bool? {
            guard let text = value(name)?.lowercased() else { return nil }
            switch text {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default:
                problems.append("\(name)=\(text): expected true or false")
                return nil
            }
        }

        var queue: QueueSource?
        let sources = [value("QUEUE_URL").map { QueueSource.sqs(url: $0) }, value("REDIS_URL").map { QueueSource.redis(url: $0, key: value("REDIS_KEY") ?? "media-worker-events") }]
            .compactMap { $0 }
        if let listen = value("WEBHOOK_LISTEN") {
            if let address = ListenAddress(listen) {
                if let token = value("WEBHOOK_TOKEN") {
                    queue = .webhook(host: address.host, port: address.port, token: token)
                } else {
                    problems.append("WEBHOOK_TOKEN: set the bearer token MinIO's webhook target sends (its auth_token)")
                }
            } else {
                problems.append("WEBHOOK_LISTEN=\(listen): expected HOST:PORT, e.g. 0.0.0.0:8080")
            }
        }
        if queue == nil, let first = sources.first { queue = first }
        if sources.count + (value("WEBHOOK_LISTEN") == nil ? 0 : 1) > 1 {
            problems.append("set one of QUEUE_URL, REDIS_URL or WEBHOOK_LISTEN, not several")
        }
        if queue == nil, value("WEBHOOK_LISTEN") == nil {
            problems.append("QUEUE_URL: set the SQS queue URL the bucket notifies (or REDIS_URL, or WEBHOOK_LISTEN and WEBHOOK_TOKEN for MinIO)")
        }
        let destination = value("DESTINATION_BUCKET") ?? value("DELIVERY_BUCKET")
        if destination == nil { problems.append("DESTINATION_BUCKET: set the bucket outputs are delivered to") }

        var configuration = WorkerConfiguration(
            queue: queue ?? .sqs(url: ""), destinationBucket: destination ?? "",
            workDirectory: value("WORK_DIR") ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("media-worker"),
            workerID: value("WORKER_ID") ?? ProcessInfo.processInfo.hostName)
        configuration.watchBucket = value("WATCH_BUCKET")
        if let prefix = value("WATCH_PREFIX") { configuration.watchPrefix = prefix.hasSuffix("/") ? prefix : prefix + "/" }
        if let backend = value("BACKEND") {
            if let parsed = Backend(rawValue: backend.lowercased()) {
                configuration.backend = parsed
            } else {
                problems.append("BACKEND=\(backend): expected local or mediaconvert")
            }
        }
        if let name = value("APPLICATION_NAME") { configuration.applicationName = name }
        configuration.jobTemplate = value("JOB_TEMPLATE") ?? value("MEDIA_WORKER_TEMPLATE")
        if let template = configuration.jobTemplate, !FileManager.default.isReadableFile(atPath: template) {
            problems.append("JOB_TEMPLATE=\(template): no such file (give a path such as job-templates/job.json)")
        }
        configuration.thumbnailSeconds = number("THUMBNAIL_SECONDS", 0...86_400) ?? configuration.thumbnailSeconds
        configuration.concurrency = integer("CONCURRENCY", 1...64) ?? configuration.concurrency
        configuration.visibilityTimeout = integer("VISIBILITY_TIMEOUT", 10...43_200) ?? configuration.visibilityTimeout
        configuration.waitSeconds = integer("QUEUE_WAIT_SECONDS", 0...20) ?? configuration.waitSeconds
        configuration.retry.maxAttempts = integer("MAX_ATTEMPTS", 1...100) ?? configuration.retry.maxAttempts
        configuration.retry.baseDelaySeconds = integer("RETRY_DELAY_SECONDS", 0...43_200) ?? configuration.retry.baseDelaySeconds
        configuration.work.minimumFreeBytes = (integer("MIN_FREE_DISK_MB", 0...10_000_000).map { Int64($0) << 20 }) ?? configuration.work.minimumFreeBytes
        configuration.shutdownGraceSeconds = number("SHUTDOWN_GRACE_SECONDS", 0...3600) ?? configuration.shutdownGraceSeconds
        configuration.processUnknownTypes = flag("PROCESS_UNKNOWN_TYPES") ?? false
        configuration.pollMediaConvert = flag("MEDIACONVERT_POLL") ?? false
        configuration.drain = flag("DRAIN") ?? false
        if let preset = value("X264_PRESET") { configuration.preset = preset }
        if let limit = integer("WEBHOOK_MAX_IN_FLIGHT", 1...10_000) { configuration.webhookMaxInFlight = limit }
        if let listen = value("HTTP_LISTEN"), !["off", "none", "false"].contains(listen.lowercased()) {
            if let address = ListenAddress(listen) {
                configuration.statusAddress = address
            } else {
                problems.append("HTTP_LISTEN=\(listen): expected HOST:PORT, e.g. 0.0.0.0:8080 (or off)")
            }
        }
        if let topic = value("NOTIFY_SNS_TOPIC_ARN") {
            if topic.hasPrefix("arn:"), topic.split(separator: ":", omittingEmptySubsequences: false).count >= 6 {
                configuration.notify.snsTopicARN = topic
            } else {
                problems.append("NOTIFY_SNS_TOPIC_ARN=\(topic): expected a topic ARN, e.g. arn:aws:sns:us-east-1:123456789012:media-jobs")
            }
        }
        if let url = value("NOTIFY_WEBHOOK_URL") {
            if url.hasPrefix("http://") || url.hasPrefix("https://") {
                configuration.notify.webhookURL = url
                configuration.notify.webhookSecret = value("NOTIFY_WEBHOOK_SECRET")
                if configuration.notify.webhookSecret == nil {
                    problems.append("NOTIFY_WEBHOOK_SECRET: set the shared secret that signs webhook bodies (HMAC-SHA256), so receivers can verify them")
                }
            } else {
                problems.append("NOTIFY_WEBHOOK_URL=\(url): expected an http:// or https:// URL")
            }
        }
        if configuration.backend == .mediaConvert {
            do {
                configuration.submission = try JobSubmission.fromEnvironment(environment, application: configuration.applicationName)
            } catch {
                problems.append(error.description)
            }
            if configuration.jobTemplate == nil {
                problems.append("JOB_TEMPLATE: BACKEND=mediaconvert needs a template, e.g. job-templates/job.json")
            }
        }
        guard problems.isEmpty else { throw WorkerConfigurationError(problems) }
        return configuration
    }
}

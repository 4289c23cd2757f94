import Foundation
import MediaWorkerJobs
public import MediaWorkerSupport

extension WorkerConfiguration {
    /// Reads the configuration from environment variables (flags override them in `run`):
    ///
    /// `QUEUE_URL` (SQS) or `REDIS_URL` + `REDIS_KEY` or `WEBHOOK_LISTEN` + `WEBHOOK_TOKEN` or
    /// `WATCH_LISTING=true` + `LISTING_INTERVAL_SECONDS`;
    /// `DESTINATION_BUCKET` (or `DELIVERY_BUCKET`); `WATCH_BUCKET`, `WATCH_PREFIX`;
    /// `BACKEND=local|mediaconvert`; `JOB_TEMPLATE`; `APPLICATION_NAME`; `THUMBNAIL_SECONDS`;
    /// `CONCURRENCY`; `VISIBILITY_TIMEOUT`; `QUEUE_WAIT_SECONDS`; `MAX_ATTEMPTS`;
    /// `RETRY_DELAY_SECONDS`; `WORK_DIR`; `MIN_FREE_DISK_MB`; `SHUTDOWN_GRACE_SECONDS`;
    /// `PROCESS_UNKNOWN_TYPES`; `MEDIACONVERT_POLL`; `MEDIACONVERT_ROLE_ARN` and the other
    /// `MEDIACONVERT_*`; `WORKER_ID`; `X264_PRESET`; `HTTP_LISTEN`; `NOTIFY_SNS_TOPIC_ARN`,
    /// `NOTIFY_WEBHOOK_URL`, `NOTIFY_WEBHOOK_SECRET`; `CLAIMS`, `CLAIM_LEASE_SECONDS`;
    /// `TEMPLATE_ROUTES`, `TEMPLATE_DIRECTORY`, `TEMPLATE_METADATA_OVERRIDE`.
    public static func fromEnvironment(_ environment: [String: String]) throws(WorkerConfigurationError) -> WorkerConfiguration {
        try read(ConfigReader(environment: environment))
    }

    /// Reads the configuration through a command's settings reader (flags over the
    /// environment); every problem is reported at once.
    public static func read(_ reader: ConfigReader) throws(WorkerConfigurationError) -> WorkerConfiguration {
        func value(_ name: String) -> String? { reader.string(name) }
        func integer(_ name: String, _ range: ClosedRange<Int>) -> Int? { reader.integer(name, range) }
        func number(_ name: String, _ range: ClosedRange<Double>) -> Double? { reader.number(name, range) }
        func flag(_ name: String) -> Bool? { reader.flag(name) }

        var queue: QueueSource?
        // Every name is read whether or not its source is chosen, so each is recorded.
        let redisKey = value("REDIS_KEY") ?? "media-worker-events"
        let webhookToken = value("WEBHOOK_TOKEN")
        // Backblaze B2's signing secret: the webhook verifies `/b2/events` with it.
        let b2Secret = value("B2_WEBHOOK_SIGNING_SECRET").flatMap { $0.isEmpty ? nil : $0 }
        if b2Secret != nil, value("WEBHOOK_LISTEN") == nil {
            reader.report("B2_WEBHOOK_SIGNING_SECRET: set WEBHOOK_LISTEN (and WEBHOOK_TOKEN) too: B2 POSTs its events to the worker's /b2/events")
        }
        let sources = [value("QUEUE_URL").map { QueueSource.sqs(url: $0) }, value("REDIS_URL").map { QueueSource.redis(url: $0, key: redisKey) }]
            .compactMap { $0 }
        if let listen = value("WEBHOOK_LISTEN") {
            if let address = ListenAddress(listen) {
                if let token = webhookToken {
                    queue = .webhook(host: address.host, port: address.port, token: token)
                } else {
                    reader.report("WEBHOOK_TOKEN: set the bearer token MinIO's webhook target sends (its auth_token)")
                }
            } else {
                reader.report("WEBHOOK_LISTEN=\(listen): expected HOST:PORT, e.g. 0.0.0.0:8080")
            }
        }
        // A bucket with no notifications at all: the listing watcher.
        let listing = flag("WATCH_LISTING") ?? false
        let listingInterval = integer("LISTING_INTERVAL_SECONDS", 1...86_400) ?? 30
        if queue == nil, let first = sources.first { queue = first }
        if sources.count + (value("WEBHOOK_LISTEN") == nil ? 0 : 1) + (listing ? 1 : 0) > 1 {
            reader.report("set one of QUEUE_URL, REDIS_URL, WEBHOOK_LISTEN or WATCH_LISTING=true, not several")
        } else if listing {
            queue = .listing(intervalSeconds: listingInterval)
        }
        if queue == nil, value("WEBHOOK_LISTEN") == nil {
            reader.report(
                "QUEUE_URL: set the SQS queue URL the bucket notifies (or REDIS_URL, or WEBHOOK_LISTEN and WEBHOOK_TOKEN for MinIO, or WATCH_LISTING=true to list a bucket without notifications)")
        }
        let buckets = BucketSettings.read(reader, destinationRequired: true)
        let destination = buckets.destinationBucket
        if listing, buckets.watchBucket == nil {
            reader.report("WATCH_BUCKET: WATCH_LISTING=true lists this bucket's WATCH_PREFIX; set the bucket uploads arrive in (--watch-bucket)")
        }

        var configuration = WorkerConfiguration(
            queue: queue ?? .sqs(url: ""), destinationBucket: destination ?? "",
            workDirectory: value("WORK_DIR") ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("media-worker"),
            workerID: value("WORKER_ID") ?? ProcessInfo.processInfo.hostName)
        configuration.watchBucket = buckets.watchBucket
        configuration.watchPrefix = buckets.watchPrefix
        if let backend = value("BACKEND") {
            if let parsed = Backend(rawValue: backend.lowercased()) {
                configuration.backend = parsed
            } else {
                reader.report("BACKEND=\(backend): expected local or mediaconvert")
            }
        }
        if let name = value("APPLICATION_NAME") { configuration.applicationName = name }
        configuration.jobTemplate = reader.string("JOB_TEMPLATE", aliases: ["MEDIA_WORKER_TEMPLATE"])
        // With TEMPLATE_BUCKET_URI the file may come from the bucket: checked after the first sync.
        if let template = configuration.jobTemplate, reader.string("TEMPLATE_BUCKET_URI") == nil, !FileManager.default.isReadableFile(atPath: template) {
            reader.report("JOB_TEMPLATE=\(template): no such file (give a path such as job-templates/job.json)")
        }
        configuration.readTemplateRouting(reader)
        configuration.thumbnailSeconds = number("THUMBNAIL_SECONDS", 0...86_400) ?? configuration.thumbnailSeconds
        configuration.concurrency = integer("CONCURRENCY", 1...64) ?? configuration.concurrency
        configuration.visibilityTimeout = integer("VISIBILITY_TIMEOUT", 10...43_200) ?? configuration.visibilityTimeout
        configuration.waitSeconds = integer("QUEUE_WAIT_SECONDS", 0...20) ?? configuration.waitSeconds
        configuration.retry.maxAttempts = integer("MAX_ATTEMPTS", 1...100) ?? configuration.retry.maxAttempts
        configuration.retry.baseDelaySeconds = integer("RETRY_DELAY_SECONDS", 0...43_200) ?? configuration.retry.baseDelaySeconds
        configuration.work.minimumFreeBytes = (integer("MIN_FREE_DISK_MB", 0...10_000_000).map { Int64($0) << 20 }) ?? configuration.work.minimumFreeBytes
        configuration.shutdownGraceSeconds = number("SHUTDOWN_GRACE_SECONDS", 0...3600) ?? configuration.shutdownGraceSeconds
        configuration.processUnknownTypes = flag("PROCESS_UNKNOWN_TYPES") ?? false
        configuration.b2WebhookSigningSecret = b2Secret
        configuration.pollMediaConvert = flag("MEDIACONVERT_POLL") ?? false
        configuration.mediaConvertPollSeconds = number("MEDIACONVERT_POLL_SECONDS", 1...3600) ?? configuration.mediaConvertPollSeconds
        configuration.drain = flag("DRAIN") ?? false
        if let mode = value("CLAIMS") {
            if let parsed = Claims.Mode(rawValue: mode.lowercased()) {
                configuration.claims.mode = parsed
            } else {
                reader.report("CLAIMS=\(mode): expected auto, on or off")
            }
        }
        // By default no longer than the visibility timeout: a killed worker's message then
        // comes back no sooner than its claim can be taken over.
        configuration.claims.leaseSeconds = number("CLAIM_LEASE_SECONDS", 3...86_400) ?? min(configuration.claims.leaseSeconds, Double(configuration.visibilityTimeout))
        if let preset = value("X264_PRESET") { configuration.preset = preset }
        if let limit = integer("WEBHOOK_MAX_IN_FLIGHT", 1...10_000) { configuration.webhookMaxInFlight = limit }
        if let prefixes = value("REVIEW_PREFIXES") {
            configuration.reviewPrefixes = prefixes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let listen = value("HTTP_LISTEN"), !["off", "none", "false"].contains(listen.lowercased()) {
            if let address = ListenAddress(listen) {
                configuration.statusAddress = address
            } else {
                reader.report("HTTP_LISTEN=\(listen): expected HOST:PORT, e.g. 0.0.0.0:8080 (or off)")
            }
        }
        if let topic = value("NOTIFY_SNS_TOPIC_ARN") {
            if topic.hasPrefix("arn:"), topic.split(separator: ":", omittingEmptySubsequences: false).count >= 6 {
                configuration.notify.snsTopicARN = topic
            } else {
                reader.report("NOTIFY_SNS_TOPIC_ARN=\(topic): expected a topic ARN, e.g. arn:aws:sns:us-east-1:123456789012:media-jobs")
            }
        }
        let webhookSecret = value("NOTIFY_WEBHOOK_SECRET")
        if let url = value("NOTIFY_WEBHOOK_URL") {
            if url.hasPrefix("http://") || url.hasPrefix("https://") {
                configuration.notify.webhookURL = url
                configuration.notify.webhookSecret = webhookSecret
                if configuration.notify.webhookSecret == nil {
                    reader.report("NOTIFY_WEBHOOK_SECRET: set the shared secret that signs webhook bodies (HMAC-SHA256), so receivers can verify them")
                }
            } else {
                reader.report("NOTIFY_WEBHOOK_URL=\(url): expected an http:// or https:// URL")
            }
        }
        if configuration.backend == .mediaConvert {
            do {
                configuration.submission = try JobSubmission.fromEnvironment(reader.values(BucketSettings.mediaConvertNames), application: configuration.applicationName)
            } catch {
                reader.report(error.description)
            }
            if configuration.jobTemplate == nil {
                reader.report("JOB_TEMPLATE: BACKEND=mediaconvert needs a template, e.g. job-templates/job.json")
            }
        }
        guard reader.problems.isEmpty else { throw WorkerConfigurationError(reader.problems) }
        return configuration
    }
}

public import Foundation
public import MediaWorkerJobs
public import MediaWorkerS3

/// Everything `media-worker run` needs, with defaults. `fromEnvironment` reads and validates
/// it; every problem is reported at once, each with the variable to set.
public struct WorkerConfiguration: Sendable {
    /// Where notifications come from.
    public enum QueueSource: Sendable, Equatable {
        /// An SQS queue URL (AWS, LocalStack, moto, ElasticMQ).
        case sqs(url: String)
        /// A Redis list that MinIO's Redis target fills in `access` format.
        case redis(url: String, key: String)
        /// MinIO's webhook target: `POST /minio/events` on this address, with a bearer token.
        case webhook(host: String, port: Int, token: String)
        /// No notifications: ListObjectsV2 of the watch bucket's prefix every `intervalSeconds`
        /// (`WATCH_LISTING=true`, ``ListingMessageSource``).
        case listing(intervalSeconds: Int)
    }

    /// Which engine makes the renditions.
    public enum Backend: String, Sendable, Equatable {
        case local
        case mediaConvert = "mediaconvert"
    }

    /// Retries of failed jobs.
    public struct Retry: Sendable, Equatable {
        /// Attempts before a job is failed, when the queue has no RedrivePolicy to say so.
        public var maxAttempts = 5
        /// The first retry waits this long; each later one twice as long, up to `maxDelaySeconds`.
        public var baseDelaySeconds = 30
        public var maxDelaySeconds = 900
        public init() {}

        /// The wait before attempt `attempt + 1`.
        public func delay(afterAttempt attempt: Int) -> Int {
            guard baseDelaySeconds > 0 else { return 0 }
            let exponent = min(max(attempt - 1, 0), 16)
            return min(maxDelaySeconds, baseDelaySeconds << exponent)
        }
    }

    /// The local work directory.
    public struct Work: Sendable, Equatable {
        public var directory: String
        /// Jobs are refused (and retried later) while less than this is free, beyond what the
        /// job itself needs.
        public var minimumFreeBytes: Int64 = 1 << 30
        /// Space a job needs, as a multiple of its input's size (input plus outputs).
        public var spaceFactor: Double = 3
        public init(directory: String) { self.directory = directory }
    }

    public var queue: QueueSource
    public var destinationBucket: String
    /// When set, events for other buckets are skipped.
    public var watchBucket: String?
    public var watchPrefix = "inputs/"
    public var backend: Backend = .local
    /// Jobs run at once.
    public var concurrency = 2
    public var applicationName = "media-worker"
    /// The job template (a path); `nil` runs the built-in ladder with the local backend.
    public var jobTemplate: String?
    /// Per-upload templates: routing rules and the metadata override (docs/worker.md, Templates per upload).
    public var templateRouting = TemplateRouting()
    /// Where routed templates are found: `TEMPLATE_DIRECTORY`, else `JOB_TEMPLATE`'s folder.
    /// `TEMPLATE_BUCKET_URI`: the bucket prefix the templates are mirrored from into
    /// ``templateDirectory`` (``TemplateBucketSync``); `nil`: the folder alone.
    public var templateBucket: S3Location?
    public var templateDirectory: String?
    public var thumbnailSeconds: Double = 7
    public var processUnknownTypes = false
    /// Seconds a received message stays hidden; the heartbeat renews it every third of that.
    public var visibilityTimeout = 300
    /// Long-poll wait for SQS and BLMOVE (seconds, at most 20 for SQS).
    public var waitSeconds = 20
    public var retry = Retry()
    public var work: Work
    /// How long running jobs may finish after SIGTERM before their messages are released.
    public var shutdownGraceSeconds: Double = 30
    /// Exit once the queue is empty and no job runs.
    public var drain = false
    /// MediaConvert: poll GetJob instead of waiting for job state change events.
    public var pollMediaConvert = false
    public var mediaConvertPollSeconds: Double = 15
    /// MediaConvert deployment settings (role, queue, priority, ...).
    public var submission: JobSubmission?
    /// A stable name for this worker (Redis processing list, logs).
    public var workerID: String
    /// The x264 preset of the local engine.
    public var preset = "veryfast"
    /// Where `/metrics`, `/healthz` and `/readyz` are served (`HTTP_LISTEN`); `nil` for nowhere.
    public var statusAddress: ListenAddress?
    /// Backblaze B2's event-notification signing secret (`B2_WEBHOOK_SIGNING_SECRET`): the
    /// webhook verifies `/b2/events` with it; `nil` refuses them.
    public var b2WebhookSigningSecret: String?
    /// The most webhook event requests handled at once (`WEBHOOK_MAX_IN_FLIGHT`); more get 503.
    public var webhookMaxInFlight = 64
    /// Where completed and failed jobs are announced.
    public var notify = Notify()
    /// One job at a time across workers per upload (conditional writes).
    public var claims = Claims()
    /// Upload key prefixes whose jobs wait for review in the console before they are
    /// published and announced (`REVIEW_PREFIXES`, comma-separated; `*` for every upload).
    public var reviewPrefixes: [String] = []

    public init(queue: QueueSource, destinationBucket: String, workDirectory: String = NSTemporaryDirectory() + "media-worker", workerID: String = ProcessInfo.processInfo.hostName) {
        self.queue = queue
        self.destinationBucket = destinationBucket
        self.work = Work(directory: workDirectory)
        self.workerID = workerID
    }
}

/// What is wrong with the worker's configuration: every problem, each naming what to set.
public struct WorkerConfigurationError: Error, CustomStringConvertible, Sendable {
    public var problems: [String]
    public init(_ problems: [String]) { self.problems = problems }
    /// One problem: that line. Several: a line each, under a heading.
    public var description: String {
        if problems.count == 1 { return problems[0] }
        return "the configuration is incomplete:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

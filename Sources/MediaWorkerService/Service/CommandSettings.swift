import Foundation
public import Logging
public import MediaWorkerJobs
public import MediaWorkerSupport

/// The buckets every command names the same way: `WATCH_BUCKET`, `DESTINATION_BUCKET`
/// (`DELIVERY_BUCKET` is its alias everywhere) and `WATCH_PREFIX` (flags
/// `--watch-bucket`, `--destination-bucket`, `--watch-prefix`).
public struct BucketSettings: Sendable, Equatable {
    public var watchBucket: String?
    public var destinationBucket: String?
    /// Ends in `/`; `inputs/` by default.
    public var watchPrefix = "inputs/"

    /// MediaConvert's deployment settings, read wherever a job can be planned.
    public static let mediaConvertNames = [
        "MEDIACONVERT_ROLE_ARN", "MEDIACONVERT_QUEUE", "MEDIACONVERT_PRIORITY", "MEDIACONVERT_ACCELERATION",
        "MEDIACONVERT_STATUS_UPDATE_INTERVAL", "MEDIACONVERT_ENDPOINT",
    ]

    public static let destinationProblem = "set the bucket outputs are delivered to (--destination-bucket; DELIVERY_BUCKET also works)"

    public static func read(_ reader: ConfigReader, watchRequired: Bool = false, destinationRequired: Bool = false) -> BucketSettings {
        var settings = BucketSettings()
        settings.watchBucket = watchRequired
            ? reader.required("WATCH_BUCKET", "set the bucket uploads arrive in (--watch-bucket)") : reader.string("WATCH_BUCKET")
        settings.destinationBucket = destinationRequired
            ? reader.required("DESTINATION_BUCKET", aliases: ["DELIVERY_BUCKET"], destinationProblem)
            : reader.string("DESTINATION_BUCKET", aliases: ["DELIVERY_BUCKET"])
        if let prefix = reader.string("WATCH_PREFIX") { settings.watchPrefix = prefix.hasSuffix("/") ? prefix : prefix + "/" }
        return settings
    }
}

/// What each command reads, through one ``ConfigReader`` (flags over the environment), with
/// the same names and defaults everywhere. Each `read` reports every problem at once.
public enum CommandSettings {
    /// `media-worker setup`.
    public struct Setup: Sendable, Equatable {
        public var watchBucket: String
        public var destinationBucket: String
        public var watchPrefix: String
    }

    public static func setup(_ reader: ConfigReader) throws(WorkerConfigurationError) -> Setup {
        let buckets = BucketSettings.read(reader, watchRequired: true, destinationRequired: true)
        try check(reader)
        return Setup(watchBucket: buckets.watchBucket ?? "", destinationBucket: buckets.destinationBucket ?? "", watchPrefix: buckets.watchPrefix)
    }

    /// `media-worker plan`.
    public struct Plan: Sendable {
        public var buckets: BucketSettings
        /// `JOB_TEMPLATE` (or `MEDIA_WORKER_TEMPLATE`), else `job.json` in the templates directory.
        public var templatePath: String
        /// The MediaConvert settings (`MEDIACONVERT_*`) as `JobSubmission.fromEnvironment` takes them.
        public var mediaConvert: [String: String]
        /// `APPLICATION_NAME`, as the worker sends it.
        public var applicationName: String
        /// The submission; its role is a placeholder when `roleMissing`.
        public var submission: JobSubmission
        /// `MEDIACONVERT_ROLE_ARN` is not set (a plan can still be printed).
        public var roleMissing: Bool
    }

    /// The placeholder role of a plan made without `MEDIACONVERT_ROLE_ARN`.
    public static let placeholderRole = "arn:aws:iam::000000000000:role/MEDIACONVERT_ROLE_ARN-not-set"

    public static func plan(_ reader: ConfigReader) throws(WorkerConfigurationError) -> Plan {
        let buckets = BucketSettings.read(reader, destinationRequired: true)
        let templatePath = template(reader) ?? (templatesDirectory(reader) as NSString).appendingPathComponent("job.json")
        var mediaConvert = reader.values(BucketSettings.mediaConvertNames)
        let application = reader.string("APPLICATION_NAME") ?? "media-worker"
        let roleMissing = (mediaConvert["MEDIACONVERT_ROLE_ARN"] ?? "").isEmpty
        if roleMissing { mediaConvert["MEDIACONVERT_ROLE_ARN"] = placeholderRole }
        var submission: JobSubmission?
        do {
            submission = try JobSubmission.fromEnvironment(mediaConvert, application: application)
        } catch {
            reader.report(error.description)
        }
        try check(reader)
        return Plan(
            buckets: buckets, templatePath: templatePath, mediaConvert: mediaConvert, applicationName: application,
            submission: submission ?? JobSubmission(role: placeholderRole), roleMissing: roleMissing)
    }

    /// `media-worker process`.
    public struct Process: Sendable, Equatable {
        public var buckets: BucketSettings
        /// A template to run locally; `nil`: the built-in ladder.
        public var templatePath: String?
        public var preset: String
        public var thumbnailSeconds: Double
    }

    public static func process(_ reader: ConfigReader) throws(WorkerConfigurationError) -> Process {
        let buckets = BucketSettings.read(reader)
        let settings = Process(
            buckets: buckets, templatePath: template(reader), preset: reader.string("X264_PRESET") ?? "veryfast",
            thumbnailSeconds: reader.number("THUMBNAIL_SECONDS", 0...86_400) ?? 7)
        try check(reader)
        return settings
    }

    /// `media-worker run`'s logging (`LOG_LEVEL`, `LOG_FORMAT`), read before the rest so the
    /// log is set up first; a bad value is a problem in the reader and the default is used.
    public static func logging(_ reader: ConfigReader) -> (level: Logger.Level, format: LogFormat) {
        var level = Logger.Level.info
        if let text = reader.string("LOG_LEVEL") {
            if let parsed = Logger.Level(rawValue: text.lowercased()) {
                level = parsed
            } else {
                reader.report("LOG_LEVEL=\(text): use trace, debug, info, notice, warning, error or critical")
            }
        }
        var format = LogFormat.auto
        if let text = reader.string("LOG_FORMAT") {
            if let parsed = LogFormat(rawValue: text.lowercased()) {
                format = parsed
            } else {
                reader.report("LOG_FORMAT=\(text): use auto, json or text")
            }
        }
        return (level, format)
    }

    /// `media-worker run`: the logging and the worker's configuration.
    public static func run(_ reader: ConfigReader) throws(WorkerConfigurationError) -> WorkerConfiguration {
        _ = logging(reader)
        return try WorkerConfiguration.read(reader)
    }

    /// The job template every command takes: `JOB_TEMPLATE`, else `MEDIA_WORKER_TEMPLATE`.
    public static func template(_ reader: ConfigReader) -> String? {
        reader.string("JOB_TEMPLATE", aliases: ["MEDIA_WORKER_TEMPLATE"])
    }

    /// `MEDIA_WORKER_TEMPLATES`, else `job-templates`.
    public static func templatesDirectory(_ reader: ConfigReader) -> String {
        reader.string("MEDIA_WORKER_TEMPLATES") ?? "job-templates"
    }

    static func check(_ reader: ConfigReader) throws(WorkerConfigurationError) {
        guard reader.problems.isEmpty else { throw WorkerConfigurationError(reader.problems) }
    }
}

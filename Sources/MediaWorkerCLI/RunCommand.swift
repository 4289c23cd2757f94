import ArgumentParser
import Foundation
import Logging
import MediaWorkerAWS
import MediaWorkerConsole
import MediaWorkerService
import MediaWorkerJobs
import MediaWorkerS3
import MediaWorkerSupport
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `media-worker run`: the service.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Consume bucket notifications and deliver each upload's outputs (the service).",
        discussion: """
            Configured by environment variables (flags override them): QUEUE_URL (or REDIS_URL and REDIS_KEY, \
            or WEBHOOK_LISTEN and WEBHOOK_TOKEN for MinIO, or WATCH_LISTING=true and LISTING_INTERVAL_SECONDS for a bucket \
            without notifications), DESTINATION_BUCKET (or DELIVERY_BUCKET), WATCH_BUCKET, WATCH_PREFIX, \
            BACKEND=local|mediaconvert, JOB_TEMPLATE, MEDIACONVERT_ROLE_ARN, APPLICATION_NAME, THUMBNAIL_SECONDS, \
            CONCURRENCY, VISIBILITY_TIMEOUT, QUEUE_WAIT_SECONDS, MAX_ATTEMPTS, RETRY_DELAY_SECONDS, WORK_DIR, \
            MIN_FREE_DISK_MB, SHUTDOWN_GRACE_SECONDS, PROCESS_UNKNOWN_TYPES, MEDIACONVERT_POLL, WORKER_ID, LOG_LEVEL, \
            LOG_FORMAT=auto|json|text, HTTP_LISTEN (/metrics, /healthz, /readyz), NOTIFY_SNS_TOPIC_ARN, \
            NOTIFY_WEBHOOK_URL and NOTIFY_WEBHOOK_SECRET, REVIEW_PREFIXES (jobs that wait for review in the console), CONSOLE_LISTEN (the operator console, see `media-worker console --help`), and the AWS SDK variables. SIGTERM or SIGINT stops it gracefully; SIGHUP reloads the job template.
            """)

    @Flag(help: "Exit once the queue is empty and no job runs (batch runs, tests).")
    var drain = false

    @Option(help: "Jobs at once (CONCURRENCY).")
    var concurrency: Int?

    @Option(help: "The SQS queue URL (QUEUE_URL).")
    var queueURL: String?

    @OptionGroup var buckets: BucketOptions

    @Option(help: "local or mediaconvert (BACKEND).")
    var backend: String?

    @Option(help: "The job template, e.g. job-templates/job.json (JOB_TEMPLATE).")
    var jobTemplate: String?

    @Option(help: "The work directory (WORK_DIR).")
    var workDir: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical (LOG_LEVEL).")
    var logLevel: String?

    @Option(help: "auto (text on a terminal, JSON lines otherwise), json or text (LOG_FORMAT).")
    var logFormat: String?

    @Option(help: "HOST:PORT serving /metrics, /healthz and /readyz, or off (HTTP_LISTEN).")
    var httpListen: String?

    func run() async throws {
        let flags = buckets.flags.merging([
            "CONCURRENCY": concurrency.map(String.init), "QUEUE_URL": queueURL, "BACKEND": backend, "JOB_TEMPLATE": jobTemplate,
            "WORK_DIR": workDir, "LOG_LEVEL": logLevel, "DRAIN": drain ? "true" : nil, "LOG_FORMAT": logFormat, "HTTP_LISTEN": httpListen,
        ]) { $1 }
        let reader = ConfigReader.command(flags)
        let variables = reader.layered
        // Logging first (a bad LOG_LEVEL is reported with the rest below).
        let (level, format) = CommandSettings.logging(reader)
        let json = format.resolved() == .json
        LoggingSystem.bootstrap { label in
            if json {
                var handler = JSONLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            WorkerMetrics.jobDurationLabel: WorkerMetrics.jobDurationBuckets.map { .milliseconds(Int64($0 * 1000)) },
            WorkerMetrics.queueLatencyLabel: WorkerMetrics.queueLatencyBuckets.map { .milliseconds(Int64($0 * 1000)) },
        ]
        MetricsSystem.bootstrap(factory)
        let logger = Logger(label: "media-worker")
        let configuration = try readSettings { () throws(WorkerConfigurationError) in try WorkerConfiguration.read(reader) }
        try await reportingFailure {
            // TEMPLATE_BUCKET_URI: the templates mirrored into their folder before anything reads them.
            var bucketSync: TemplateBucketSync?
            if let location = configuration.templateBucket, let directory = configuration.templateDirectory {
                let sync = TemplateBucketSync(s3: try S3Client.fromEnvironment(AWSEnvironment(variables: variables)), location: location, directory: directory)
                let changed = try await sync.sync()
                logger.notice("template bucket: \(changed.count) template(s) mirrored from s3://\(location.bucket)/\(location.key) into \(directory)")
                bucketSync = sync
            }
            let assembly = try WorkerAssembly(
                configuration: configuration, environment: AWSEnvironment(variables: variables), workerName: "media-worker \(BuildInfo.version)",
                workerVersion: BuildInfo.version, logger: logger, metricsRegistry: registry)
            // One service group: the HTTP servers and the poller beside the worker. The group
            // shuts services down in reverse order, so the worker (last) stops first: no new
            // messages, running jobs get SHUTDOWN_GRACE_SECONDS, then the group cancels them
            // and each releases its message.
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
            if let bucketSync { services.append(.init(service: TemplateBucketWatcher(sync: bucketSync, logger: logger))) }
            if let templates = assembly.templates {
                services.append(.init(service: TemplateWatcher(store: templates, logger: logger)))
                services.append(.init(service: TemplateReloader(store: templates, logger: logger)))
            }
            // CONSOLE_LISTEN: the operator console in the same process (docs/console.md).
            if variables["CONSOLE_LISTEN"].map({ !$0.isEmpty && $0.lowercased() != "off" }) ?? false {
                let console = try ConsoleConfiguration.fromEnvironment(variables)
                services.append(.init(service: ConsoleServer(configuration: console, variables: variables, logger: logger)))
            }
            for companion in assembly.companions {
                services.append(.init(service: companion, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup))
            }
            services.append(
                .init(service: assembly.worker, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup))
            var groupConfiguration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            groupConfiguration.maximumGracefulShutdownDuration = .milliseconds(Int64(configuration.shutdownGraceSeconds * 1000))
            groupConfiguration.maximumCancellationDuration = .seconds(60)
            try await ServiceGroup(configuration: groupConfiguration).run()
        }
    }
}

/// Checks the template folder every few seconds and logs what changed.
struct TemplateWatcher: Service {
    let store: TemplateStore
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await store.watch(every: .seconds(5)) { change in logger.notice("template \(change)") }
        }
    }
}

/// Mirrors TEMPLATE_BUCKET_URI into the templates folder every two seconds (the folder's
/// watcher then loads what changed).
struct TemplateBucketWatcher: Service {
    let sync: TemplateBucketSync
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await sync.run(every: .seconds(2), logger: logger)
        }
    }
}

/// SIGHUP reloads the job templates at once.
struct TemplateReloader: Service {
    let store: TemplateStore
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                logger.info("SIGHUP: reloading job templates")
                for change in store.reload() { logger.notice("template \(change)") }
            }
        }
    }
}

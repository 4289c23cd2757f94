import Foundation
public import Logging
public import MediaWorkerAWS
public import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerQueue
import MediaWorkerS3
public import Prometheus
public import ServiceLifecycle

/// Builds a worker and what runs beside it from a configuration: the AWS clients, the
/// queue consumer, the template store, the MediaConvert backend.
public struct WorkerAssembly: Sendable {
    /// The worker itself.
    public let worker: WorkerService
    /// Services that run beside it (the webhook's and the status endpoints' HTTP servers,
    /// the MediaConvert poller), each a service of the one `ServiceGroup` of `run`.
    public let companions: [any Service]
    /// The job template's store, reloaded on change and on SIGHUP; `nil` with the built-in ladder.
    public let templates: TemplateStore?

    /// - Parameter metricsRegistry: the registry `/metrics` serves (when `HTTP_LISTEN` is set);
    ///   bootstrap swift-metrics with a `PrometheusMetricsFactory` on the same registry.
    public init(
        configuration: WorkerConfiguration, environment: AWSEnvironment, workerName: String, workerVersion: String, logger: Logger,
        metricsRegistry: PrometheusCollectorRegistry? = nil
    ) throws {
        let metrics = WorkerMetrics()
        let aws = try AWSClient.fromEnvironment(environment, onRetry: { request, attempt, error in
            metrics.awsRetry(service: request.service, operation: request.operation)
            logger.debug("retrying an AWS request", metadata: ["operation": "\(request.operation)", "attempt": "\(attempt)", "error": "\(error)"])
        })
        let s3 = S3Client(aws: aws, configuration: try .fromEnvironment(environment))

        // One templates directory: TEMPLATE_DIRECTORY, else JOB_TEMPLATE's folder. The default
        // template is JOB_TEMPLATE; routed ones come from the same store.
        let templates = configuration.templateDirectory.map { TemplateStore(directory: $0) }
        let templateName = configuration.jobTemplate.map { ($0 as NSString).lastPathComponent }
        if let templates, let templateName { _ = try templates.template(named: templateName) }
        let selection = try configuration.templateSelection(store: templates)
        var base = PipelineOptions()
        base.ladder.preset = configuration.preset
        base.thumbnail.atSeconds = configuration.thumbnailSeconds
        let options: @Sendable () -> PipelineOptions = { [templates, templateName, base] in
            var options = base
            if let templates, let templateName { options.template = try? templates.template(named: templateName) }
            return options
        }

        var backend: MediaConvertBackend?
        var submitter: MediaConvertSubmitter?
        var index: SubmittedJobIndex?
        if configuration.backend == .mediaConvert, let submission = configuration.submission, let templates, let templateName {
            let client = MediaConvertClient(aws: aws, endpoint: try MediaConvertClient.endpoint(environment: environment.variables, configuration: aws.configuration))
            let made = MediaConvertBackend(
                s3: s3, mediaConvert: client, planner: JobPlanner(submission: submission), deliveryBucket: configuration.destinationBucket, worker: workerName)
            backend = made
            if configuration.pollMediaConvert { index = SubmittedJobIndex(s3: s3, bucket: configuration.destinationBucket) }
            submitter = MediaConvertSubmitter(
                backend: made, template: { try templates.template(named: templateName) }, thumbnail: base.thumbnail, limits: base.limits,
                work: WorkDirectory(root: configuration.work.directory, minimumFreeBytes: configuration.work.minimumFreeBytes),
                workerID: configuration.workerID, index: index, selection: selection)
        }
        let processor = UploadProcessor(
            store: s3, configuration: configuration, workerName: workerName, workerVersion: workerVersion, options: options,
            video: submitter, templates: selection, logger: logger)

        var companions: [any Service] = []
        let source: any MessageSource
        switch configuration.queue {
        case .sqs(let url):
            source = SQSMessageSource(
                client: SQSClient(aws: aws), queueURL: url, visibilityTimeout: configuration.visibilityTimeout, waitSeconds: configuration.waitSeconds,
                fallbackAttempts: configuration.retry.maxAttempts, logger: logger)
        case .redis(let url, let key):
            source = try RedisMessageSource(
                url: url, key: key, workerID: configuration.workerID, waitSeconds: configuration.waitSeconds, maxAttempts: configuration.retry.maxAttempts, logger: logger)
        case .webhook(let host, let port, let token):
            let spool = try SpoolMessageSource(
                directory: (configuration.work.directory as NSString).appendingPathComponent("webhook-spool"), waitSeconds: configuration.waitSeconds,
                maxAttempts: configuration.retry.maxAttempts, logger: logger)
            source = spool
            companions.append(WebhookServer(host: host, port: port, token: token, spool: spool, logger: logger, maxInFlight: configuration.webhookMaxInFlight, b2SigningSecret: configuration.b2WebhookSigningSecret))
        case .listing(let interval):
            source = ListingMessageSource(
                storage: s3, bucket: configuration.watchBucket ?? "", prefix: configuration.watchPrefix, deliveryBucket: configuration.destinationBucket,
                workerID: configuration.workerID, interval: .seconds(interval), leaseSeconds: configuration.visibilityTimeout,
                waitSeconds: configuration.waitSeconds, maxAttempts: configuration.retry.maxAttempts, logger: logger)
        }
        var notifiers: [any JobNotifier] = []
        if let topic = configuration.notify.snsTopicARN {
            notifiers.append(SNSJobNotifier(client: SNSClient(aws: aws), topicARN: topic))
        }
        if let url = configuration.notify.webhookURL {
            notifiers.append(WebhookJobNotifier(http: aws.http, url: url, secret: configuration.notify.webhookSecret))
        }
        let notifications = notifiers.isEmpty ? nil : JobNotifications(notifiers: notifiers, metrics: metrics, logger: logger)
        let worker = WorkerService(
            source: source, runner: processor, space: processor.work, completions: backend, configuration: configuration, logger: logger,
            notifications: notifications, metrics: metrics)
        if let backend, let index {
            companions.append(
                MediaConvertPoller(
                    backend: backend, index: index, interval: .milliseconds(Int64(configuration.mediaConvertPollSeconds * 1000)), logger: logger,
                    notifications: notifications))
        }
        if let address = configuration.statusAddress {
            companions.append(
                StatusServer(
                    host: address.host, port: address.port, registry: metricsRegistry ?? PrometheusCollectorRegistry(),
                    stallAfter: Double(max(300, configuration.waitSeconds * 10)), logger: logger, health: { worker.health }))
        }
        self.worker = worker
        self.companions = companions
        self.templates = templates
    }
}

import Foundation
import Hummingbird
public import Logging
import MediaWorkerAWS
import MediaWorkerQueue
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService
public import ServiceLifecycle

/// The operator console (`media-worker console`, or `CONSOLE_LISTEN` on `run`): one
/// Hummingbird application, every route behind ``ConsoleSecurityMiddleware``, the job
/// index refreshed beside it.
public struct ConsoleServer: Service {
    public let configuration: ConsoleConfiguration
    let environment: AWSEnvironment
    let variables: [String: String]
    public let logger: Logger

    public init(configuration: ConsoleConfiguration, variables: [String: String], logger: Logger) {
        self.configuration = configuration
        self.variables = variables
        self.environment = AWSEnvironment(variables: variables)
        self.logger = logger
    }

    public func run() async throws {
        let users: UserDirectory
        switch configuration.authentication {
        case .local(let source): users = try UserDirectory.load(source)
        case .trustedHeader: users = UserDirectory(users: [])
        }
        let s3 = try S3Client.fromEnvironment(environment)
        let presigner = S3Presigner(client: s3.aws, style: s3.configuration.addressingStyle)
        let endpoint = s3.aws.configuration.endpoint(for: "s3")
        let s3Origin = endpoint.isCustom ? "\(endpoint.scheme)://\(endpoint.hostHeader)" : "https://*.amazonaws.com"
        let sqs = configuration.queueURL == nil ? nil : SQSClient(aws: s3.aws)
        let auth = ConsoleAuth(mode: configuration.authentication, users: users, secureCookie: configuration.secureCookie, lifetime: configuration.sessionLifetime)
        let pages = try await PageRenderer(resources: PageRenderer.resourceDirectory(variables))
        let index = JobIndex(source: S3JobRecordSource(
            client: s3, deliveryBucket: configuration.deliveryBucket, watchBucket: configuration.watchBucket, watchPrefix: configuration.watchPrefix))

        let router = Router(context: ConsoleContext.self)
        router.add(middleware: ConsoleSecurityMiddleware(auth: auth, headers: SecurityHeaders(s3Origin: s3Origin)))
        StaticRoutes(pages: pages).add(to: router)
        LoginRoutes(auth: auth, pages: pages).add(to: router)
        let details = JobDetails(
            index: index, presigner: presigner, deliveryBucket: configuration.deliveryBucket, presignSeconds: configuration.presignSeconds,
            templates: TemplateFiles(directory: configuration.templatesDirectory))
        JobRoutes(index: index, pages: pages, details: details).add(to: router)
        HLSProxy(index: index, s3: s3, presigner: presigner, deliveryBucket: configuration.deliveryBucket, presignSeconds: configuration.presignSeconds)
            .add(to: router)
        JobActions(index: index, s3: s3, sqs: sqs, templates: TemplateFiles(directory: configuration.templatesDirectory), configuration: configuration).add(to: router)
        UploadRoutes(s3: s3, presigner: presigner, configuration: configuration, pages: pages).add(to: router)
        ReviewRoutes(index: index, s3: s3, configuration: configuration, notifications: notifications(s3), pages: pages).add(to: router)
        let bucketSync = configuration.templateBucket.map { TemplateBucketSync(s3: s3, location: $0, directory: configuration.templatesDirectory) }
        if let bucketSync {
            let changed = try await bucketSync.sync()
            logger.notice("console: \(changed.count) template(s) mirrored from s3://\(bucketSync.location.bucket)/\(bucketSync.location.key) into \(bucketSync.directory)")
        }
        TemplateRoutes(
            files: TemplateFiles(directory: configuration.templatesDirectory), pages: pages, bucket: bucketSync,
            preview: TemplatePlanPreview(index: index, deliveryBucket: configuration.deliveryBucket, watchBucket: configuration.watchBucket)).add(to: router)
        DeadLetterRoutes(boxes: try deadLetterBoxes(s3: s3, index: index), pages: pages).add(to: router)
        if configuration.applyCORS {
            do {
                try await BucketCORS.apply(s3: s3, configuration: configuration, origins: configuration.origins)
                logger.info("console: CORS rules set on the buckets", metadata: ["origins": "\(configuration.origins.joined(separator: " "))"])
            } catch {
                logger.warning("console: cannot set the buckets' CORS rules (uploads and players need them; see docs/console.md)", metadata: ["error": "\(error)"])
            }
        }

        let app = Application(
            router: router, server: .http1(configuration: .init(idleTimeout: .seconds(120))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "media-worker-console"), logger: logger)
        logger.notice("console listening", metadata: [
            "address": "http://\(configuration.host):\(configuration.port)", "delivery": "\(configuration.deliveryBucket)",
            "secure_cookie": "\(configuration.secureCookie)",
        ])
        let refresh = configuration.refreshSeconds
        let logger = self.logger
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    do {
                        try await index.refresh()
                    } catch {
                        logger.warning("console: cannot list the jobs", metadata: ["error": "\(error)"])
                    }
                    try await Task.sleep(for: .milliseconds(Int64(refresh * 1000)))
                }
            }
            if let bucketSync { group.addTask { await bucketSync.run(every: .seconds(2), logger: logger) } }
            group.addTask { try await app.run() }
            try await group.next()
            group.cancelAll()
        }
    }
}

extension ConsoleServer {
    /// The dead-letter boxes the settings name; an SQS message's reason is its job record's error.
    func deadLetterBoxes(s3: S3Client, index: JobIndex) throws -> [any DeadLetterBox] {
        var boxes: [any DeadLetterBox] = []
        if let dlq = configuration.deadLetterQueueURL, let queue = configuration.queueURL {
            boxes.append(SQSDeadLetters(sqs: SQSClient(aws: s3.aws), deadLetterURL: dlq, queueURL: queue) { key in
                guard let key else { return "the body names no upload" }
                guard let report = try? await index.report(recordKey: S3JobRecordStore.key(upload: key)) else { return "no job record for \(key)" }
                if let error = report.error { return "\(error.code.rawValue): \(error.message)" }
                return "the job record says \(report.status.rawValue)"
            })
        }
        if let url = configuration.redisURL { boxes.append(RedisDeadLetters(redis: try RedisClient(url: url), key: configuration.redisKey)) }
        if let directory = configuration.spoolDirectory, FileManager.default.fileExists(atPath: directory) {
            boxes.append(SpoolDeadLetters(directory: directory))
        }
        return boxes
    }

    /// The worker's notification channels, for approved jobs.
    func notifications(_ s3: S3Client) -> JobNotifications? {
        var notifiers: [any JobNotifier] = []
        if let topic = configuration.notifyTopicARN { notifiers.append(SNSJobNotifier(client: SNSClient(aws: s3.aws), topicARN: topic)) }
        if let url = configuration.notifyWebhookURL { notifiers.append(WebhookJobNotifier(http: s3.aws.http, url: url, secret: configuration.notifyWebhookSecret)) }
        return notifiers.isEmpty ? nil : JobNotifications(notifiers: notifiers, logger: logger)
    }
}

/// GET /static/console.js and /static/console.css (no other file is served).
struct StaticRoutes {
    let pages: PageRenderer

    func add(to router: Router<ConsoleContext>) {
        router.get("/static/:name") { _, context -> Response in
            guard let name = context.parameters.get("name"), let file = pages.staticFiles[name] else { throw HTTPError(.notFound) }
            return Response(
                status: .ok, headers: [.contentType: file.type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }
    }
}

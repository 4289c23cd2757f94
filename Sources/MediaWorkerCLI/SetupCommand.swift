import ArgumentParser
import Foundation
import MediaWorkerAWS
import MediaWorkerQueue
import MediaWorkerS3
import MediaWorkerService
import MediaWorkerSupport

/// `media-worker setup`: buckets, queues, queue policy and bucket notification.
struct SetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Create the buckets, the queue with its dead-letter queue, and the bucket notification (idempotent).",
        discussion: """
            Works on any S3-plus-SQS endpoint: LocalStack, moto, or an AWS development account (AWS_ENDPOINT_URL \
            and the other AWS variables apply). Prints the settings for `run` on standard output as \
            `export NAME=value` lines; progress goes to standard error. Buckets and prefix: WATCH_BUCKET, \
            DESTINATION_BUCKET (or DELIVERY_BUCKET), WATCH_PREFIX, as `run` reads them.
            """)

    @OptionGroup var buckets: BucketOptions

    @Option(help: "The queue's name.")
    var queueName = "media-worker"

    @Option(help: "Receives before a message moves to the dead-letter queue.")
    var maxReceiveCount = 3

    @Option(help: "The queue's visibility timeout in seconds (above the longest job; the worker's heartbeat extends it).")
    var visibilityTimeout = 300

    @Option(name: .customLong("prefix"), help: .hidden)
    var prefix: String?

    func validate() throws {
        guard (1...1000).contains(maxReceiveCount) else { throw ValidationError("--max-receive-count takes 1 to 1000") }
    }

    func run() async throws {
        var flags = buckets.flags
        if buckets.watchPrefix == nil, let prefix { flags["WATCH_PREFIX"] = prefix }
        let reader = ConfigReader.command(flags)
        let settings = try readSettings { () throws(WorkerConfigurationError) in try CommandSettings.setup(reader) }
        let environment = AWSEnvironment(reader: reader)
        try await reportingFailure {
            let (watch, destination) = (settings.watchBucket, settings.destinationBucket)
            var setup = WorkerSetup(watchBucket: watch, destinationBucket: destination)
            setup.queueName = queueName
            setup.maxReceiveCount = maxReceiveCount
            setup.visibilityTimeout = visibilityTimeout
            setup.watchPrefix = settings.watchPrefix
            let aws = try AWSClient.fromEnvironment(environment)
            let result = try await setup.run(s3: S3Client(aws: aws), sqs: SQSClient(aws: aws)) { line in
                FileHandle.standardError.write(Data("setup: \(line)\n".utf8))
            }
            print("export WATCH_BUCKET=\(watch)")
            print("export DESTINATION_BUCKET=\(destination)")
            print("export QUEUE_URL=\(result.queueURL)")
            print("export DEAD_LETTER_QUEUE_URL=\(result.deadLetterQueueURL)")
        }
    }
}

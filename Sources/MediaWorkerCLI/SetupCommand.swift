import ArgumentParser
import Foundation
import MediaWorkerAWS
import MediaWorkerQueue
import MediaWorkerS3
import MediaWorkerService

/// `media-worker setup`: buckets, queues, queue policy and bucket notification.
struct SetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Create the buckets, the queue with its dead-letter queue, and the bucket notification (idempotent).",
        discussion: """
            Works on any S3-plus-SQS endpoint: LocalStack, moto, or an AWS development account (AWS_ENDPOINT_URL \
            and the other AWS variables apply). Prints the settings for `run` on standard output as \
            `export NAME=value` lines; progress goes to standard error.
            """)

    @Option(help: "The watch bucket (default: $WATCH_BUCKET).")
    var watchBucket: String?

    @Option(help: "The delivery bucket (default: $DESTINATION_BUCKET).")
    var destinationBucket: String?

    @Option(help: "The queue's name.")
    var queueName = "media-worker"

    @Option(help: "Receives before a message moves to the dead-letter queue.")
    var maxReceiveCount = 3

    @Option(help: "The queue's visibility timeout in seconds (above the longest job; the worker's heartbeat extends it).")
    var visibilityTimeout = 300

    @Option(help: "The watched prefix (default: $WATCH_PREFIX or inputs/).")
    var prefix: String?

    func run() async throws {
        try await reportingFailure {
            let environment = AWSEnvironment.current
            guard let watch = watchBucket ?? environment["WATCH_BUCKET"] else { throw ValidationError("give --watch-bucket or set WATCH_BUCKET") }
            guard let destination = destinationBucket ?? environment["DESTINATION_BUCKET"] ?? environment["DELIVERY_BUCKET"] else {
                throw ValidationError("give --destination-bucket or set DESTINATION_BUCKET")
            }
            guard (1...1000).contains(maxReceiveCount) else { throw ValidationError("--max-receive-count takes 1 to 1000") }
            var setup = WorkerSetup(watchBucket: watch, destinationBucket: destination)
            setup.queueName = queueName
            setup.maxReceiveCount = maxReceiveCount
            setup.visibilityTimeout = visibilityTimeout
            if let prefix = prefix ?? environment["WATCH_PREFIX"] { setup.watchPrefix = prefix.hasSuffix("/") ? prefix : prefix + "/" }
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

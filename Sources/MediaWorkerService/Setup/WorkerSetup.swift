import Foundation
public import MediaWorkerQueue
public import MediaWorkerS3

/// `media-worker setup`: the watch and delivery buckets, the queue and its dead-letter queue,
/// the queue policy letting the watch bucket send, and the bucket notification
/// (`s3:ObjectCreated:*` on the watch prefix). Every step is idempotent: existing buckets and
/// queues are kept, attributes are set again, and the notification replaces only its own
/// entry (by id) among the bucket's.
public struct WorkerSetup: Sendable {
    public var watchBucket: String
    public var destinationBucket: String
    public var queueName = "media-worker"
    public var deadLetterQueueName: String?
    public var maxReceiveCount = 3
    public var visibilityTimeout = 300
    public var watchPrefix = "inputs/"
    /// The notification's id in the bucket's configuration.
    public var notificationID = "media-worker-inputs"

    public init(watchBucket: String, destinationBucket: String) {
        self.watchBucket = watchBucket
        self.destinationBucket = destinationBucket
    }

    /// What setup made.
    public struct Result: Sendable {
        public var queueURL: String
        public var queueARN: String
        public var deadLetterQueueURL: String
        public var deadLetterQueueARN: String
    }

    public func run(s3: S3Client, sqs: SQSClient, log: (String) -> Void) async throws -> Result {
        for bucket in [watchBucket, destinationBucket] {
            try await s3.createBucket(bucket)
            log("bucket \(bucket): ready")
        }
        let deadName = deadLetterQueueName ?? queueName + "-dlq"
        let deadURL = try await sqs.createQueue(name: deadName)
        try await sqs.setAttributes(queueURL: deadURL, ["MessageRetentionPeriod": "1209600"])
        let deadARN = try await arn(of: deadURL, sqs: sqs)
        log("dead-letter queue \(deadName): \(deadURL)")

        let queueURL = try await sqs.createQueue(name: queueName)
        let queueARN = try await arn(of: queueURL, sqs: sqs)
        let redrive = try JSONSerialization.data(withJSONObject: ["deadLetterTargetArn": deadARN, "maxReceiveCount": maxReceiveCount], options: [.sortedKeys])
        let policy: [String: Any] = [
            "Version": "2012-10-17",
            "Statement": [[
                "Sid": "WatchBucketSends", "Effect": "Allow", "Principal": ["Service": "s3.amazonaws.com"], "Action": "sqs:SendMessage",
                "Resource": queueARN, "Condition": ["ArnLike": ["aws:SourceArn": "arn:aws:s3:::\(watchBucket)"]],
            ]],
        ]
        try await sqs.setAttributes(queueURL: queueURL, [
            "RedrivePolicy": String(decoding: redrive, as: UTF8.self), "VisibilityTimeout": String(visibilityTimeout),
            "Policy": String(decoding: try JSONSerialization.data(withJSONObject: policy, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self),
        ])
        log("queue \(queueName): \(queueURL) (visibility \(visibilityTimeout) s, dead-letter after \(maxReceiveCount) receives)")

        var notification = try await s3.getBucketNotificationConfiguration(watchBucket)
        notification.queues.removeAll { $0.id == notificationID || ($0.arn == queueARN && $0.prefix == watchPrefix) }
        notification.queues.append(.init(id: notificationID, arn: queueARN, events: ["s3:ObjectCreated:*"], prefix: watchPrefix))
        try await s3.putBucketNotificationConfiguration(watchBucket, notification)
        log("notification: s3:ObjectCreated:* on s3://\(watchBucket)/\(watchPrefix) → \(queueName)")
        return Result(queueURL: queueURL, queueARN: queueARN, deadLetterQueueURL: deadURL, deadLetterQueueARN: deadARN)
    }

    private func arn(of url: String, sqs: SQSClient) async throws -> String {
        guard let arn = try await sqs.attributes(queueURL: url, names: ["QueueArn"])["QueueArn"] else {
            throw WorkerError(.queue, "\(url) has no QueueArn attribute")
        }
        return arn
    }
}

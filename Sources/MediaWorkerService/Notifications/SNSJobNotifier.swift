public import MediaWorkerQueue

/// Publishes notifications to an SNS topic (SigV4-signed `Publish`), with `status` and
/// `event` as message attributes so subscriptions can filter on them.
public struct SNSJobNotifier: JobNotifier {
    public let client: SNSClient
    public let topicARN: String
    public var channel: String { "sns" }

    public init(client: SNSClient, topicARN: String) {
        self.client = client
        self.topicARN = topicARN
    }

    public func send(_ notification: JobNotification) async throws {
        try await client.publish(
            topicARN: topicARN, message: String(decoding: try notification.body(), as: UTF8.self), subject: notification.subject,
            attributes: ["status": notification.report.status.rawValue, "event": notification.event])
    }
}

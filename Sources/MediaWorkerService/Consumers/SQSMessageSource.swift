import Foundation
public import Logging
import MediaWorkerAWS
public import MediaWorkerQueue
import MediaWorkerSupport

/// An SQS queue (JSON protocol): long polling, batches of up to 10, a visibility heartbeat
/// while a job runs. The queue's RedrivePolicy gives the attempts and the dead-letter queue;
/// a message that fails its last attempt, or cannot be decoded, is moved there at once.
public final class SQSMessageSource: MessageSource {
    public let client: SQSClient
    public let queueURL: String
    /// Seconds a received message stays hidden; renewed every third of that.
    public let visibilityTimeout: Int
    public let waitSeconds: Int
    public let logger: Logger
    private let fallbackAttempts: Int
    private struct Settings {
        var maxReceiveCount: Int?
        var deadLetterURL: String?
    }
    private let settings = Locked(Settings())

    public init(client: SQSClient, queueURL: String, visibilityTimeout: Int, waitSeconds: Int, fallbackAttempts: Int, logger: Logger) {
        self.client = client
        self.queueURL = queueURL
        self.visibilityTimeout = visibilityTimeout
        self.waitSeconds = waitSeconds
        self.fallbackAttempts = fallbackAttempts
        self.logger = logger
    }

    public var description: String { "SQS \(queueURL)" }
    public var maxAttempts: Int { settings.withLock { $0.maxReceiveCount } ?? fallbackAttempts }
    public var heartbeatInterval: Duration? { .seconds(max(1, visibilityTimeout / 3)) }
    /// The dead-letter queue's URL, from the RedrivePolicy.
    public var deadLetterURL: String? { settings.withLock { $0.deadLetterURL } }

    public func prepare() async throws {
        let attributes = try await client.attributes(queueURL: queueURL)
        guard let text = attributes["RedrivePolicy"], let policy = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            logger.warning(
                "the queue has no RedrivePolicy: failed jobs are written as FAILED after MAX_ATTEMPTS and their messages deleted; give the queue a dead-letter queue (media-worker setup does)",
                metadata: ["queue": "\(queueURL)", "max_attempts": "\(fallbackAttempts)"])
            return
        }
        let count = (policy["maxReceiveCount"] as? NSNumber)?.intValue ?? (policy["maxReceiveCount"] as? String).flatMap(Int.init)
        var url: String?
        if let arn = policy["deadLetterTargetArn"] as? String, let name = arn.split(separator: ":").last {
            url = try? await client.queueURL(name: String(name))
        }
        settings.withLock {
            $0.maxReceiveCount = count
            $0.deadLetterURL = url
        }
        logger.info("queue ready", metadata: ["queue": "\(queueURL)", "max_receive_count": "\(count.map(String.init) ?? "?")", "dead_letter_queue": "\(url ?? "?")"])
    }

    public func receive(max: Int) async throws -> [WorkMessage] {
        try await client.receiveMessages(queueURL: queueURL, maxMessages: max, waitSeconds: waitSeconds, visibilityTimeout: visibilityTimeout).map {
            WorkMessage(id: $0.id, body: $0.body, attempt: $0.receiveCount, handle: $0.receiptHandle)
        }
    }

    public func complete(_ message: WorkMessage) async throws {
        try await client.deleteMessage(queueURL: queueURL, receiptHandle: message.handle)
    }

    public func retry(_ message: WorkMessage, afterSeconds: Int) async throws {
        try await client.changeVisibility(queueURL: queueURL, receiptHandle: message.handle, seconds: min(43_200, max(0, afterSeconds)))
    }

    public func extend(_ message: WorkMessage) async throws {
        try await client.changeVisibility(queueURL: queueURL, receiptHandle: message.handle, seconds: visibilityTimeout)
    }

    public func pendingCount() async throws -> Int? {
        let names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"]
        let attributes = try await client.attributes(queueURL: queueURL, names: names)
        return names.reduce(0) { $0 + (attributes[$1].flatMap(Int.init) ?? 0) }
    }

    public func deadLetter(_ message: WorkMessage, reason: String) async throws {
        if let deadLetterURL {
            try await client.sendMessage(queueURL: deadLetterURL, body: message.body)
        } else {
            logger.error("no dead-letter queue; the message is deleted", metadata: ["reason": "\(reason)", "body": "\(message.body.prefix(2000))"])
        }
        try await client.deleteMessage(queueURL: queueURL, receiptHandle: message.handle)
    }
}

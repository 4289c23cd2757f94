/// A received SQS message.
public struct SQSMessage: Sendable, Equatable {
    public var id: String
    /// Needed to delete the message or change its visibility.
    public var receiptHandle: String
    public var body: String
    /// System attributes (`ApproximateReceiveCount`, `SentTimestamp`, ...).
    public var attributes: [String: String]

    public init(id: String, receiptHandle: String, body: String, attributes: [String: String] = [:]) {
        self.id = id
        self.receiptHandle = receiptHandle
        self.body = body
        self.attributes = attributes
    }

    /// How many times SQS has handed this message out, this time included.
    public var receiveCount: Int { attributes["ApproximateReceiveCount"].flatMap(Int.init) ?? 1 }
}

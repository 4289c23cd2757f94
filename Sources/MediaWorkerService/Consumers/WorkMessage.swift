/// A message taken from a queue, whatever the queue.
public struct WorkMessage: Sendable, Equatable {
    /// The queue's id for it (SQS MessageId, a hash of the Redis element, the spool file name).
    public var id: String
    public var body: String
    /// Which delivery of this message this is, from 1 (SQS `ApproximateReceiveCount`).
    public var attempt: Int
    /// What the queue needs to settle it (SQS receipt handle, Redis element, spool path).
    public var handle: String

    public init(id: String, body: String, attempt: Int, handle: String) {
        self.id = id
        self.body = body
        self.attempt = attempt
        self.handle = handle
    }
}

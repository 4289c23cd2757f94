/// A queue the worker consumes: SQS, a Redis list in MinIO's format, or the webhook's spool.
/// A message is settled exactly one way: completed (deleted), retried later, or dead-lettered.
public protocol MessageSource: Sendable, CustomStringConvertible {
    /// Deliveries a message gets before its job is failed (SQS: the RedrivePolicy's
    /// maxReceiveCount).
    var maxAttempts: Int { get }
    /// How often a running job's message must be extended, if the queue hides messages for
    /// a limited time (SQS visibility timeout).
    var heartbeatInterval: Duration? { get }
    /// Checks the queue and reads its settings; recovers messages a crashed worker held.
    func prepare() async throws
    /// Waits up to the configured time for up to `max` messages; `[]` when none came.
    func receive(max: Int) async throws -> [WorkMessage]
    /// Done: the message is deleted.
    func complete(_ message: WorkMessage) async throws
    /// Failed for now: the message comes back after `afterSeconds` (0: at once).
    func retry(_ message: WorkMessage, afterSeconds: Int) async throws
    /// Keeps a running job's message hidden from other workers.
    func extend(_ message: WorkMessage) async throws
    /// Messages waiting or in flight anywhere (for `--drain`); `nil` when the queue cannot say.
    func pendingCount() async throws -> Int?
    /// Moves the message to the dead-letter queue (or its equivalent) and removes it.
    func deadLetter(_ message: WorkMessage, reason: String) async throws
}

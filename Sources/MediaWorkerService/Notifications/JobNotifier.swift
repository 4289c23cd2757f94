/// Somewhere a finished job is announced.
public protocol JobNotifier: Sendable {
    /// A short name for logs and metrics (`sns`, `webhook`).
    var channel: String { get }
    /// Sends one notification; throws when it was not accepted.
    func send(_ notification: JobNotification) async throws
}

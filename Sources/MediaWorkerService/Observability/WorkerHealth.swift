public import Foundation

/// What `/healthz` and `/readyz` answer, as a plain value updated by the worker and judged
/// without I/O.
public struct WorkerHealth: Sendable, Equatable {
    public enum Phase: String, Sendable, Equatable {
        /// Preparing: work directory, queue checks.
        case starting
        case running
        /// Graceful shutdown: no new messages, running jobs finishing.
        case stopping
        case stopped
    }

    public var phase: Phase = .starting
    /// When the last receive from the queue returned (with or without messages).
    public var lastReceive: Date?
    /// Consecutive failed receives, with the last error.
    public var receiveFailures = 0
    public var lastReceiveError: String?
    public var runningJobs = 0
    /// The work directory is short of space: no messages are taken.
    public var diskShort = false
    /// Since when the worker has been running.
    public var since = Date()

    public init() {}

    /// Ready to take work: running and able to receive from the queue.
    public func readiness() -> (ready: Bool, reason: String) {
        switch phase {
        case .starting: return (false, "starting")
        case .stopping: return (false, "shutting down")
        case .stopped: return (false, "stopped")
        case .running:
            if receiveFailures > 0 { return (false, "cannot receive from the queue (\(receiveFailures) tries): \(lastReceiveError ?? "?")") }
            if diskShort { return (false, "the work directory is short of space (MIN_FREE_DISK_MB)") }
            return (true, "ready")
        }
    }

    /// Alive unless the receive loop is stuck: running, no job in flight (a busy worker does
    /// not receive), and no receive returned within `stallAfter` seconds.
    public func liveness(now: Date = Date(), stallAfter: TimeInterval) -> (alive: Bool, reason: String) {
        guard phase == .running, runningJobs == 0, !diskShort else { return (phase != .stopped, phase.rawValue) }
        let last = lastReceive ?? since
        let quiet = now.timeIntervalSince(last)
        if quiet > stallAfter { return (false, "no receive from the queue for \(Int(quiet)) s") }
        return (true, "alive")
    }
}

/// The receive loop of `media-worker run` as a plain value: it takes events (the disk was
/// checked, messages arrived, a receive failed, jobs finished, a timer fired, shutdown was
/// asked for, the queue was counted) and says what to do next. No I/O and no clock of its
/// own: times come in as instants of the clock the service was given, so backoff and drain
/// rules are tested without sleeping (`ReceiveLoopStateMachineTests`).
///
/// ```
///  starting ─▶ receiving ◀──────────────▶ paused (disk short, queue unreachable)
///                 │  ▲                          │
///  shutdown or ───┼──┼──────────────────────────┘
///  drain done     ▼  │ jobs finish
///              stopping (no new messages; wait for running jobs) ─▶ stopped
/// ```
public struct ReceiveLoopStateMachine<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// Why the loop is not receiving for now.
    public enum Pause: Sendable, Equatable {
        /// The work directory is short of space: taking messages would only hand them back.
        case diskShort
        /// The last `failures` receives failed; the next try waits longer each time (up to 30 s).
        case queueUnreachable(failures: Int)
    }

    /// Why the loop stopped.
    public typealias StopReason = ReceiveLoopStopReason

    public enum State: Sendable, Equatable {
        case starting
        case receiving
        case paused(Pause, until: Instant)
        case stopping(StopReason)
        case stopped(StopReason)
    }

    /// What the service does next.
    public enum Action: Sendable, Equatable {
        /// Check the work directory's free space, then report it with ``diskChecked(hasRoom:now:)``.
        case checkDisk
        /// Receive up to `max` messages, then report ``received(_:now:)`` or ``receiveFailed(now:)``.
        case receive(max: Int)
        /// Every slot is busy (or the loop is stopping): wait until a job finishes, then report ``jobsFinished(_:)``.
        case waitForJob
        /// Sleep until `until` (a pause), unless shutdown comes first; then ``timerFired(now:)``.
        case sleep(until: Instant)
        /// `--drain` saw empty receives: ask the queue how many messages remain (``queueCounted(pending:)``).
        case countQueue
        /// Leave the loop.
        case stop(StopReason)
    }

    /// What changed, for logs and the health endpoints.
    public enum Notice: Sendable, Equatable {
        case diskBecameShort
        case diskRecovered
        case receiveFailed(retryIn: Duration)
    }

    public private(set) var state: State = .starting
    /// Jobs started and not yet reported finished.
    public private(set) var running = 0
    public let concurrency: Int
    public let drain: Bool
    /// Seconds to wait before looking at a short disk again.
    public let diskRecheck: Duration
    private var emptyReceives = 0
    /// Consecutive receive failures so far (0 once a receive succeeds).
    public private(set) var receiveFailures = 0

    public init(concurrency: Int, drain: Bool, diskRecheck: Duration = .seconds(2)) {
        self.concurrency = max(1, concurrency)
        self.drain = drain
        self.diskRecheck = diskRecheck
    }

    /// Whether shutdown or the drain's end has been decided.
    public var isStopping: Bool {
        switch state {
        case .stopping, .stopped: true
        default: false
        }
    }

    /// The next thing to do, from the state alone.
    public mutating func nextAction(now: Instant) -> Action {
        switch state {
        case .stopped(let reason):
            return .stop(reason)
        case .stopping(let reason):
            if running == 0 {
                state = .stopped(reason)
                return .stop(reason)
            }
            return .waitForJob
        case .paused(_, let until):
            if now < until { return .sleep(until: until) }
            state = .receiving
            return .checkDisk
        case .starting:
            state = .receiving
            return .checkDisk
        case .receiving:
            if running >= concurrency { return .waitForJob }
            return .checkDisk
        }
    }

    /// The disk was checked before a receive.
    public mutating func diskChecked(hasRoom: Bool, now: Instant) -> (action: Action, notice: Notice?) {
        guard !isStopping else { return (nextAction(now: now), nil) }
        let wasShort = isDiskShort
        isDiskShort = !hasRoom
        if hasRoom {
            if case .paused = state { state = .receiving }
            if running >= concurrency { return (.waitForJob, wasShort ? .diskRecovered : nil) }
            return (.receive(max: min(10, concurrency - running)), wasShort ? .diskRecovered : nil)
        }
        if drain, running == 0 {
            state = .stopped(.drainBlockedByDisk)
            return (.stop(.drainBlockedByDisk), wasShort ? nil : .diskBecameShort)
        }
        state = .paused(.diskShort, until: now.advanced(by: diskRecheck))
        return (.sleep(until: now.advanced(by: diskRecheck)), wasShort ? nil : .diskBecameShort)
    }

    /// Whether the last disk check found it short.
    public private(set) var isDiskShort = false

    /// A receive returned `count` messages; the service starts a job for each.
    public mutating func received(_ count: Int, now: Instant) -> Action {
        running += count
        receiveFailures = 0
        if case .paused(.queueUnreachable, _) = state { state = .receiving }
        if count > 0 {
            emptyReceives = 0
        } else if drain, running == 0, !isStopping {
            emptyReceives += 1
            if emptyReceives >= 2 { return .countQueue }
        }
        return nextAction(now: now)
    }

    /// A receive failed: wait 2, 4, 8, 16, then 30 s before the next.
    public mutating func receiveFailed(now: Instant) -> (action: Action, notice: Notice?) {
        guard !isStopping else { return (nextAction(now: now), nil) }
        receiveFailures += 1
        let wait = Self.backoff(afterFailures: receiveFailures)
        state = .paused(.queueUnreachable(failures: receiveFailures), until: now.advanced(by: wait))
        return (.sleep(until: now.advanced(by: wait)), .receiveFailed(retryIn: wait))
    }

    /// The wait after `failures` failed receives in a row.
    public static func backoff(afterFailures failures: Int) -> Duration {
        .seconds(min(30, 1 << min(max(failures, 1), 5)))
    }

    /// The drain's count of the queue: `nil` when the queue cannot say (taken as empty).
    public mutating func queueCounted(pending: Int?, now: Instant) -> Action {
        if !isStopping, drain, running == 0, (pending ?? 0) == 0 {
            state = .stopped(.drained)
            return .stop(.drained)
        }
        emptyReceives = 0
        return nextAction(now: now)
    }

    /// `count` jobs ended (their messages are settled).
    public mutating func jobsFinished(_ count: Int) {
        running = max(0, running - count)
    }

    /// A pause's timer fired (or the sleep was interrupted).
    public mutating func timerFired(now: Instant) -> Action {
        nextAction(now: now)
    }

    /// Graceful shutdown: no new messages; running jobs may finish.
    public mutating func shutdownRequested() {
        switch state {
        case .stopping, .stopped: return
        default: state = .stopping(.shutdown)
        }
    }
}

/// Why the receive loop stopped.
public enum ReceiveLoopStopReason: Sendable, Equatable {
    /// Graceful shutdown (SIGTERM, SIGINT, the service group).
    case shutdown
    /// `--drain`: the queue is empty and no job runs.
    case drained
    /// `--drain` cannot go on: the work disk is short and no job runs to free it.
    case drainBlockedByDisk
}

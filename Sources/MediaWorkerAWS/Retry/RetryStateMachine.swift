/// Decides, attempt after attempt, whether to try a request again and how long to wait.
/// A plain value with no I/O: the caller reports each outcome and carries out the action.
public struct RetryStateMachine: Sendable {
    /// How an attempt ended.
    public enum Outcome: Sendable, Equatable {
        case success
        /// An error answer from the service.
        case serviceError(code: String, status: Int)
        /// No complete response: `retryable` for resets, timeouts, refused connections.
        case transportError(retryable: Bool)
        /// The server's clock differs from ours by this many seconds (from its `Date`
        /// header), reported with a clock-skew error code.
        case clockSkew(seconds: Double)
    }

    /// What to do next.
    public enum Action: Sendable, Equatable {
        /// Done: the last outcome stands.
        case finish
        /// Sign again and send after waiting.
        case retry(after: Duration)
        /// Correct the signing clock by this many seconds, sign again and send now.
        case correctClockAndRetry(offset: Double)
    }

    public let policy: RetryPolicy
    /// Attempts made so far.
    public private(set) var attempts = 0
    private var clockCorrected = false
    private var random: @Sendable () -> Double

    /// - Parameter random: a source of values in 0 ..< 1 for the jitter (injected in tests).
    public init(policy: RetryPolicy, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.policy = policy
        self.random = random
    }

    /// Records the outcome of an attempt and returns the next action.
    public mutating func record(_ outcome: Outcome) -> Action {
        attempts += 1
        switch outcome {
        case .success:
            return .finish
        case .clockSkew(let seconds):
            // One correction is enough; a second skew error is a real failure.
            guard !clockCorrected, attempts < policy.maxAttempts else { return .finish }
            clockCorrected = true
            return .correctClockAndRetry(offset: seconds)
        case .serviceError(let code, let status):
            let retryable = RetryPolicy.retryableCodes.contains(code) || RetryPolicy.retryableStatuses.contains(status)
            return retryable ? backoff() : .finish
        case .transportError(let retryable):
            return retryable ? backoff() : .finish
        }
    }

    private func backoff() -> Action {
        guard attempts < policy.maxAttempts else { return .finish }
        // Full jitter: a uniform wait below the exponential ceiling.
        let exponent = min(attempts - 1, 30)
        let ceiling = min(policy.baseDelay * (1 << exponent), policy.maximumDelay)
        return .retry(after: ceiling * random())
    }
}

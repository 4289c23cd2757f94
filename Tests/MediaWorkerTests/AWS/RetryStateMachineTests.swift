import MediaWorkerAWS
import Testing

@Suite("Retry state machine")
struct RetryStateMachineTests {
    @Test("throttling and 5xx back off with full jitter under an exponential ceiling; attempts are bounded")
    func backoff() {
        var machine = RetryStateMachine(policy: RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100), maximumDelay: .milliseconds(300)), random: { 0.5 })
        #expect(machine.record(.serviceError(code: "SlowDown", status: 503)) == .retry(after: .milliseconds(50)))
        #expect(machine.record(.serviceError(code: "InternalError", status: 500)) == .retry(after: .milliseconds(100)))
        #expect(machine.record(.transportError(retryable: true)) == .retry(after: .milliseconds(150)))
        #expect(machine.record(.transportError(retryable: true)) == .finish)
        #expect(machine.attempts == 4)
    }

    @Test("client errors and success finish at once")
    func noRetry() {
        var machine = RetryStateMachine(policy: RetryPolicy())
        #expect(machine.record(.serviceError(code: "NoSuchKey", status: 404)) == .finish)
        var other = RetryStateMachine(policy: RetryPolicy())
        #expect(other.record(.transportError(retryable: false)) == .finish)
        var ok = RetryStateMachine(policy: RetryPolicy())
        #expect(ok.record(.success) == .finish)
    }

    @Test("clock skew is corrected once, then retried immediately")
    func skew() {
        var machine = RetryStateMachine(policy: RetryPolicy())
        #expect(machine.record(.clockSkew(seconds: 1200)) == .correctClockAndRetry(offset: 1200))
        #expect(machine.record(.clockSkew(seconds: 1200)) == .finish)
    }
}

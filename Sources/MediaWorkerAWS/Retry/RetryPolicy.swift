/// Retry settings in the style of the AWS SDKs' standard mode.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int = 5
    /// The backoff base: attempt n waits a random time in 0 ..< min(base * 2^(n-1), maximum).
    public var baseDelay: Duration = .milliseconds(100)
    /// The longest single wait.
    public var maximumDelay: Duration = .seconds(20)

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(20)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// No retries.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Service error codes worth another attempt: throttling and transient server faults.
    public static let retryableCodes: Set<String> = [
        "SlowDown", "RequestTimeout", "RequestTimeoutException", "Throttling", "ThrottlingException", "ThrottledException",
        "RequestThrottled", "RequestThrottledException", "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException",
        "EC2ThrottledException", "PriorRequestNotComplete", "InternalError", "ServiceUnavailable", "InternalFailure",
    ]
    /// Statuses worth another attempt.
    public static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]
    /// Codes that mean the request's clock is off.
    public static let clockSkewCodes: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException", "SignatureDoesNotMatch",
        "AuthFailure",
    ]
}

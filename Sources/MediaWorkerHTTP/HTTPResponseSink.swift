/// Where a successful response body goes.
public enum HTTPResponseSink: Sendable {
    /// Into memory, failing with `.responseTooLarge` beyond `maxBytes`.
    case collect(maxBytes: Int = 16 << 20)
    /// Into a file, created or truncated; removed again if the transfer fails.
    case file(path: String)
    /// To a consumer, called on the transport's thread with each piece as it arrives.
    /// Throwing aborts the transfer with that error.
    case stream(@Sendable (UnsafeRawBufferPointer) throws -> Void)
}

/// Progress of one transfer, in bytes.
public struct HTTPProgress: Sendable, Equatable {
    public var uploaded: Int64
    public var uploadTotal: Int64
    public var downloaded: Int64
    public var downloadTotal: Int64
}

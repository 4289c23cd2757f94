/// Safety limits applied to every input. A file over a limit fails with
/// `MediaError.Code.limitExceeded` (or `.timedOut`) before it can exhaust the machine.
public struct MediaLimits: Sendable, Equatable {
    /// The longest media accepted, in seconds. Default: 6 hours.
    public var maxDurationSeconds: Double
    /// The most pixels per video frame (width × height). Default: 8K (8192 × 4352).
    public var maxPixels: Int
    /// The largest input in bytes. Default: 100 GiB.
    public var maxFileBytes: Int64
    /// The longest one operation may run, in seconds; `nil` for no limit. Default: 4 hours.
    public var maxProcessingSeconds: Double?

    public init(
        maxDurationSeconds: Double = 6 * 3600,
        maxPixels: Int = 8192 * 4352,
        maxFileBytes: Int64 = 100 << 30,
        maxProcessingSeconds: Double? = 4 * 3600
    ) {
        self.maxDurationSeconds = maxDurationSeconds
        self.maxPixels = maxPixels
        self.maxFileBytes = maxFileBytes
        self.maxProcessingSeconds = maxProcessingSeconds
    }
}

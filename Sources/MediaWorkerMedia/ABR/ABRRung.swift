/// One rendition automated ABR chose, with the measurement behind it (in the job record).
public struct ABRRung: Sendable, Equatable, Codable {
    public var width: Int
    public var height: Int
    /// The QVBR quality level it is encoded at.
    public var qualityLevel: Double
    /// The bitrate cap it is encoded with (its QVBR `MaxBitrate`).
    public var maxBitrate: Int
    /// The video bitrate the trial encode needed at that quality and size.
    public var trialBitrate: Int
    /// Why it is in the stack.
    public var reason: String

    public init(width: Int, height: Int, qualityLevel: Double, maxBitrate: Int, trialBitrate: Int, reason: String) {
        self.width = width
        self.height = height
        self.qualityLevel = qualityLevel
        self.maxBitrate = maxBitrate
        self.trialBitrate = trialBitrate
        self.reason = reason
    }

    public var shortSide: Int { min(width, height) }
}

/// What a trial encode of the source measured at one candidate size: the video bitrate the
/// encoder spent at the rendition's quality level (the source's complexity at that size).
public struct ABRMeasurement: Sendable, Equatable, Codable {
    public var width: Int
    public var height: Int
    public var qualityLevel: Double
    /// Video bits per second of the trial encode; at most the trial's cap.
    public var bitrate: Int

    public init(width: Int, height: Int, qualityLevel: Double, bitrate: Int) {
        self.width = width
        self.height = height
        self.qualityLevel = qualityLevel
        self.bitrate = bitrate
    }

    public var shortSide: Int { min(width, height) }
}

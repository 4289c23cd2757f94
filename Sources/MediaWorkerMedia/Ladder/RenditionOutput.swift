/// A rendition that was written and validated.
public struct RenditionOutput: Sendable, Equatable, Codable {
    public var name: String
    public var path: String
    public var width: Int
    public var height: Int
    public var videoBitrate: Int
    /// Seconds, as read back from the file.
    public var duration: Double
    public var bytes: Int64
    public var hasAudio: Bool
    /// The H.264 profile and level read back from the file (`High`, 31), and its frame rate.
    public var videoProfile: String? = nil
    public var videoLevel: Int? = nil
    public var frameRate: Double? = nil
    /// The source's loudness as measured (and the gain applied), with `LadderOptions.loudness`.
    public var loudness: LoudnessMeasurement? = nil
}

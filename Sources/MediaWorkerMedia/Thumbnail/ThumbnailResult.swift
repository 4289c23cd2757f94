/// The thumbnail that was written.
public struct ThumbnailResult: Sendable, Equatable, Codable {
    public var path: String
    /// Seconds from the start of the frame used.
    public var time: Double
    /// Whether the media was too short and the midpoint was used.
    public var isFallback: Bool
    public var width: Int
    public var height: Int
    public var bytes: Int
}

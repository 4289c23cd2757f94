/// The container of a probed file.
public struct ContainerInfo: Codable, Sendable, Equatable {
    /// FFmpeg's demuxer name, as ffprobe's `format_name` (`mov,mp4,m4a,3gp,3g2,mj2`).
    public var format: String
    public var formatLongName: String?
    /// Seconds.
    public var duration: Double?
    /// Seconds.
    public var startTime: Double?
    /// Bits per second.
    public var bitRate: Int64?
    /// Bytes.
    public var size: Int64?
    public var streamCount: Int
    public var tags: [String: String]
}

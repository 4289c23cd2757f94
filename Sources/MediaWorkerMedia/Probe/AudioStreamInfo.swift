/// One audio stream.
public struct AudioStreamInfo: Codable, Sendable, Equatable {
    public var index: Int
    public var codec: String
    public var codecLongName: String?
    public var profile: String?
    public var channels: Int
    /// FFmpeg's layout name (`stereo`, `5.1(side)`).
    public var channelLayout: String?
    public var sampleRate: Int
    public var sampleFormat: String?
    public var bitsPerSample: Int?
    public var bitRate: Int64?
    public var duration: Double?
    public var startTime: Double?
    public var language: String?
    public var isDefault: Bool
    public var tags: [String: String]
}

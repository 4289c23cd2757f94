/// A subtitle stream.
public struct SubtitleStreamInfo: Codable, Sendable, Equatable {
    public var index: Int
    public var codec: String
    public var language: String?
    public var isDefault: Bool
    public var tags: [String: String]
}

/// A data stream (timecode, metadata tracks).
public struct DataStreamInfo: Codable, Sendable, Equatable {
    public var index: Int
    public var codec: String
    public var tags: [String: String]
}

/// A chapter mark.
public struct ChapterInfo: Codable, Sendable, Equatable {
    public var id: Int64
    /// Seconds.
    public var start: Double
    public var end: Double
    public var title: String?
}

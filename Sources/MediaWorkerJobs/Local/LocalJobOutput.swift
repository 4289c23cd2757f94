/// A file the local engine wrote for a job, relative to the output root.
public struct LocalJobOutput: Sendable, Equatable {
    /// `rendition`, `playlist` (HLS multivariant) or `audio`.
    public var role: String
    public var key: String
    public var bytes: Int64
    public var width: Int?
    public var height: Int?
    public var duration: Double?
    public var bitrate: Int?
}

/// One entry of `OutputGroups`.
public struct TemplateOutputGroup: Sendable, Equatable {
    /// `OutputGroupSettings.Type`.
    public enum Kind: Sendable, Equatable {
        /// `FILE_GROUP_SETTINGS`: one file per output.
        case file
        /// `HLS_GROUP_SETTINGS`: a multivariant playlist plus a playlist and segments per output.
        case hls
        /// Another type (DASH, CMAF, Smooth): passed to MediaConvert, not executed locally.
        case other(String)
    }

    public var index: Int
    public var name: String?
    public var kind: Kind
    /// The group's `Destination` (before placeholders are replaced).
    public var destination: String?
    /// HLS `SegmentLength` in seconds.
    public var segmentLength: Int?
    public var outputs: [TemplateOutput]
    /// The JSON path of this group (`OutputGroups[0]`).
    public var path: String
}

public import MediaWorkerMedia

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
    /// The group's `Destination` (before placeholders are replaced); `nil` when the template
    /// leaves it out (a job template), and the planner sets the delivery folder.
    public var destination: String?
    /// HLS `SegmentLength` in seconds (``JobTemplate/defaultHLSSegmentLength``, MediaConvert's
    /// default, when the template leaves it out).
    public var segmentLength: Int?
    /// Whether the group has `AutomatedEncodingSettings` (automated ABR): MediaConvert chooses
    /// the renditions and their bitrates from its video output.
    public var automatedEncoding: Bool
    public var outputs: [TemplateOutput]
    /// The JSON path of this group (`OutputGroups[0]`).
    public var path: String
    /// `AutomatedEncodingSettings.AbrSettings` with MediaConvert's defaults (when
    /// ``automatedEncoding``): what the local engine's automated ABR chooses within.
    public var abr: AutomatedABRSettings? = nil

    /// The `OutputGroupSettings` member that holds the group's `Destination`
    /// (`FileGroupSettings`, `HlsGroupSettings`, `DashIsoGroupSettings`, ...).
    public var settingsMember: String? {
        switch kind {
        case .file: return "FileGroupSettings"
        case .hls: return "HlsGroupSettings"
        case .other(let type): return TemplateEnums.groupSettingsMembers[type]
        }
    }
}

/// One entry of an output group's `Outputs`.
public struct TemplateOutput: Sendable, Equatable {
    /// Its position in the group's `Outputs`.
    public var index: Int
    /// Appended to the input's base name: `_1080p`.
    public var nameModifier: String?
    /// `ContainerSettings.Container`: `MP4`, `M3U8`, ...; `nil` when the template leaves it out.
    public var container: String?
    /// `Extension`: the file extension MediaConvert uses instead of the container's (`m4a`).
    public var fileExtension: String?
    public var video: TemplateVideo?
    public var audio: [TemplateAudio]
    /// Whether it has `CaptionDescriptions`.
    public var hasCaptions: Bool
    /// The JSON path of this output (`OutputGroups[0].Outputs[2]`).
    public var path: String

    /// Captions and nothing else (a WebVTT rendition of an HLS group, a sidecar caption file).
    public var isCaptionsOnly: Bool { video == nil && audio.isEmpty && hasCaptions }
}

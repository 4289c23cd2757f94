public import MediaWorkerMedia

/// One output the planned job will write.
public struct PlannedOutput: Sendable, Equatable {
    public enum Container: String, Sendable, Equatable {
        case mp4
        /// An HLS variant: its media playlist and segments.
        case hls
        /// A WebM file (VP9 with Vorbis audio).
        case webm
        /// A QuickTime file (`Container` MOV) with H.264 or H.265 video.
        case mov
        /// A container the local engine does not write (MediaConvert only).
        case other

        /// What the local engine writes for a file group's output in `ContainerSettings.Container`
        /// (`nil`: MP4) with video in `videoCodec`: MP4 (any codec), MOV (H.264, H.265), WEBM (VP9);
        /// anything else is `other`. The planner and the template's warnings both ask here.
        public static func file(_ container: String?, videoCodec: String?) -> Container {
            switch container {
            case nil, "MP4"?: .mp4
            case "MOV"? where videoCodec == "H_264" || videoCodec == "H_265": .mov
            case "WEBM"? where videoCodec == "VP9": .webm
            default: .other
            }
        }
    }

    public var groupIndex: Int
    public var outputIndex: Int
    public var nameModifier: String
    public var container: Container
    /// The upright picture size; `nil` for an audio-only or captions-only output. For an
    /// automated ABR output, the source's size: the largest its renditions can have (the local
    /// engine chooses them from trial encodes, LocalJobExecutor+ABR.swift; MediaConvert its own).
    public var width: Int?
    public var height: Int?
    /// The rung: the shorter side of the picture.
    public var shortSide: Int?
    /// The object key MediaConvert writes (`audiovideo/show/ep1_720p.mp4`, or the variant's `.m3u8`).
    public var key: String
    /// The template's settings for this output (after planning).
    public var video: TemplateVideo?
    public var audio: TemplateAudio?
    /// Captions alone (a WebVTT rendition): MediaConvert writes it, the local engine does not.
    public var captionsOnly: Bool = false
    /// The exact frame the template asks for (see ``TemplateVideo/isFramed``); `nil` when the
    /// output is a rung that follows the source's shape and orientation.
    public var frame: OutputFrame? = nil
    /// The audio track's language (``TemplateAudio/language(source:)``), `nil` for none.
    public var audioLanguage: String? = nil
    /// The input's audio track the output's audio comes from (``JobTemplate/audioTrack(group:output:)``);
    /// `nil`: the main audio stream.
    public var audioTrack: Int? = nil
    /// For a rendition automated ABR chose locally (LocalJobExecutor+ABR.swift): its choice,
    /// and the `NameModifier` of the template output it came from.
    public var abr: ABRRung? = nil
    public var automatedFrom: String? = nil

    /// `_720p` → `720p`: the name used in logs and the ladder.
    public var label: String {
        let trimmed = nameModifier.drop { $0 == "_" || $0 == "-" }
        return trimmed.isEmpty ? "output\(groupIndex)-\(outputIndex)" : String(trimmed)
    }
}

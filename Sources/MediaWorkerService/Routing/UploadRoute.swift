public import MediaWorkerCaptions
import MediaWorkerPipeline

/// What the worker does with an upload event, decided from the event and the key alone.
public enum UploadRoute: Sendable, Equatable {
    /// Video: the job (local or MediaConvert), thumbnail, metadata and the original.
    case video
    /// MP3: copied to `audiovideo/` with metadata.
    case mp3
    /// Other audio: transcoded to AAC.
    case audio
    /// Captions: converted to `closed-caption/<path>.vtt`.
    case captions(CaptionFormat)
    /// A type media-worker does not recognise, probed anyway (`processUnknownTypes`).
    case probe
    /// Not processed; the reason is logged.
    case skip(String)
}

/// The routing rules, from the worker's configuration: which events and prefixes are the
/// worker's, then what the upload is (``MediaKind``, the one decision) and what that means.
public struct UploadRouter: Sendable {
    /// The prefix uploads are watched under (`inputs/`).
    public var watchPrefix: String
    /// Probe files of unknown types instead of skipping them.
    public var processUnknownTypes: Bool

    public init(watchPrefix: String = "inputs/", processUnknownTypes: Bool = false) {
        self.watchPrefix = watchPrefix
        self.processUnknownTypes = processUnknownTypes
    }

    public func route(_ event: UploadEvent) -> UploadRoute {
        guard event.isObjectCreated else { return .skip("\(event.name) events are not processed") }
        guard event.key.hasPrefix(watchPrefix), event.key.count > watchPrefix.count else {
            return .skip("\(event.key) is outside the watch prefix \(watchPrefix)")
        }
        if event.key.hasSuffix("/") { return .skip("\(event.key) is a folder marker") }
        switch MediaKind(fileName: event.key) {
        case .uploadPartial: return .skip("\(event.key) is a plupload partial; the assembled file follows")
        case .captions(let format): return .captions(format)
        case .mp3: return .mp3
        case .video: return .video
        case .audio: return .audio
        case .other(let ext):
            if processUnknownTypes { return .probe }
            return .skip("\(event.key): .\(ext.isEmpty ? "(no extension)" : ext) is not a video, audio or caption type (set PROCESS_UNKNOWN_TYPES=true to probe such files)")
        }
    }
}

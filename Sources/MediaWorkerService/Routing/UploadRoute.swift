public import MediaWorkerCaptions

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

/// The routing rules, from the worker's configuration.
public struct UploadRouter: Sendable {
    public static let videoExtensions: Set<String> = [
        "mp4", "m4v", "mov", "qt", "mkv", "webm", "avi", "mpg", "mpeg", "m2v", "ts", "mts", "m2ts", "wmv", "flv", "3gp", "3g2", "mxf", "ogv", "dv",
    ]
    public static let audioExtensions: Set<String> = ["wav", "m4a", "aac", "flac", "ogg", "oga", "opus", "wma", "aif", "aiff", "caf", "ac3", "mka"]
    public static let captionExtensions: Set<String> = ["srt", "vtt", "sbv", "ttml", "dfxp"]

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
        let name = event.key.split(separator: "/").last.map(String.init) ?? event.key
        if name.range(of: #"\.CHUNK[0-9]+$"#, options: [.regularExpression, .caseInsensitive]) != nil {
            return .skip("\(event.key) is a plupload partial; the assembled file follows")
        }
        let dot = name.lastIndex(of: ".")
        let ext = dot.map { name[name.index(after: $0)...].lowercased() } ?? ""
        if Self.captionExtensions.contains(ext), let format = CaptionFormat(fileName: name) { return .captions(format) }
        if ext == "mp3" { return .mp3 }
        if Self.videoExtensions.contains(ext) { return .video }
        if Self.audioExtensions.contains(ext) { return .audio }
        if processUnknownTypes { return .probe }
        return .skip("\(event.key): .\(ext.isEmpty ? "(no extension)" : ext) is not a video, audio or caption type (set PROCESS_UNKNOWN_TYPES=true to probe such files)")
    }
}

public import MediaWorkerCaptions

/// What an upload is, decided once from its name, before its content is read: routing, the
/// pipeline and the delivery layout all ask this one type.
public enum MediaKind: Sendable, Equatable {
    /// A video container (`.mp4`, `.mov`, `.mkv`, ...): renditions, thumbnail, original.
    case video
    /// An audio file other than MP3 (`.wav`, `.m4a`, `.flac`, ...): transcoded to AAC.
    case audio
    /// MP3: delivered as is.
    case mp3
    /// A caption file, converted to WebVTT under `closed-caption/`.
    case captions(CaptionFormat)
    /// A plupload partial (`movie.mp4.CHUNK0`, `.CHUNK1`, ...): ignored, the assembled file follows.
    case uploadPartial
    /// Anything else, with its extension (lowercased, possibly empty): probed only when the
    /// worker is told to (`PROCESS_UNKNOWN_TYPES`); `media-worker process` always probes it.
    case other(extension: String)

    public static let videoExtensions: Set<String> = [
        "mp4", "m4v", "mov", "qt", "mkv", "webm", "avi", "mpg", "mpeg", "m2v", "ts", "mts", "m2ts", "wmv", "flv", "3gp", "3g2", "mxf", "ogv", "dv",
    ]
    public static let audioExtensions: Set<String> = ["wav", "m4a", "aac", "flac", "ogg", "oga", "opus", "wma", "aif", "aiff", "caf", "ac3", "mka"]

    /// Classifies by file name (the last path component of a key or path).
    public init(fileName: String) {
        let name = fileName.split(separator: "/").last.map(String.init) ?? fileName
        if name.range(of: #"\.CHUNK[0-9]+$"#, options: [.regularExpression, .caseInsensitive]) != nil {
            self = .uploadPartial
            return
        }
        if let format = CaptionFormat(fileName: name) {
            self = .captions(format)
            return
        }
        let ext = Self.fileExtension(of: name)
        if ext == "mp3" {
            self = .mp3
        } else if Self.videoExtensions.contains(ext) {
            self = .video
        } else if Self.audioExtensions.contains(ext) {
            self = .audio
        } else {
            self = .other(extension: ext)
        }
    }

    /// `mp4` for `show/ep1.MP4`; empty when the name has no extension (or is a dot file).
    public static func fileExtension(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// Whether it is a caption file (whose job record keeps the extension in its key).
    public var isCaptions: Bool {
        if case .captions = self { return true }
        return false
    }
}

import Foundation
public import MediaWorkerCaptions

/// What an upload's name says it is, before its content is read.
public enum UploadKind: Sendable, Equatable {
    /// A plupload partial (`movie.mp4.CHUNK0`, `.CHUNK1`, ...): ignored, the assembled file follows.
    case chunkPart
    /// A caption file to convert to WebVTT.
    case captions(CaptionFormat)
    /// MP3: delivered as is.
    case mp3
    /// Anything else: probed to find video, audio or neither.
    case media

    /// Classifies by file name (the last path component of a key).
    public init(fileName: String) {
        let name = fileName.split(separator: "/").last.map(String.init) ?? fileName
        if let range = name.range(of: #"\.CHUNK[0-9]+$"#, options: [.regularExpression, .caseInsensitive]), !range.isEmpty {
            self = .chunkPart
        } else if let format = CaptionFormat(fileName: name) {
            self = .captions(format)
        } else if name.lowercased().hasSuffix(".mp3") {
            self = .mp3
        } else {
            self = .media
        }
    }
}

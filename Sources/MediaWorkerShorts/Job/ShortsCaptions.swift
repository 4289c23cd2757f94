import Foundation
public import MediaWorkerCaptions

/// The captions of a programme: a caption file given by name, else the one with the video's
/// base name beside it (`episode.srt` for `episode.mp4`), as an upload is paired with the
/// captions uploaded beside it.
public enum ShortsCaptions {
    /// The caption file extensions looked for beside a video, in order.
    public static let extensions = ["srt", "vtt", "sbv", "ttml", "dfxp"]

    /// `<base>.srt|.vtt|.sbv|.ttml|.dfxp` beside `video`, the first that exists.
    public static func beside(_ video: String) -> String? {
        let base = (video as NSString).deletingPathExtension
        return extensions.map { "\(base).\($0)" }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The cues of `path`; none without a path.
    public static func cues(_ path: String?) throws(ShortsError) -> [CaptionCue] {
        guard let path else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ShortsError(.artifact, "cannot read the captions \(path): check that the file exists and is readable")
        }
        do {
            return try CaptionConverter.cues(Array(data), fileName: path)
        } catch {
            throw ShortsError(.captions, "the captions \(path) cannot be read: \(error); fix or remove the file", cause: "\(error)")
        }
    }
}

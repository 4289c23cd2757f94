public import MediaWorkerJobs

/// Where each output of one upload goes, relative to the delivery root (a bucket or a
/// directory). Uploads keep their folders below `inputs/`, so `inputs/show/ep1.mp4` delivers
/// `audiovideo/show/ep1_720p.mp4`, `json/show/ep1.json` and so on.
public struct DeliveryLayout: Sendable, Equatable {
    public static let inputPrefix = "inputs/"

    /// The upload's path below `inputs/`, with its extension: `show/ep1.mp4`.
    public let relativePath: String
    /// The same without the extension: `show/ep1`.
    public let stem: String
    /// The original extension, lowercased, without the dot.
    public let fileExtension: String

    /// Builds the layout for an upload key or file name.
    public init(key: String) {
        var relative = key
        if relative.hasPrefix(Self.inputPrefix) { relative.removeFirst(Self.inputPrefix.count) }
        while relative.hasPrefix("/") { relative.removeFirst() }
        relativePath = relative
        let name = relative.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? relative
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            fileExtension = name[name.index(after: dot)...].lowercased()
            stem = String(relative.dropLast(name.distance(from: dot, to: name.endIndex)))
        } else {
            fileExtension = ""
            stem = relative
        }
    }

    public var original: String { "original/\(relativePath)" }
    /// `json/<dir>/<name>.json`; a caption file keeps its extension (`json/<dir>/<name>.srt.json`)
    /// so it never shares the metadata of the video it usually accompanies (`ep1.mp4`, `ep1.srt`).
    public var metadata: String {
        MediaKind(fileName: relativePath).isCaptions ? "json/\(relativePath).json" : "json/\(stem).json"
    }
    public var thumbnail: String { "thumbnail/\(stem).jpg" }
    public var captions: String { "closed-caption/\(stem).vtt" }
    public var audio: String { "audiovideo/\(stem).m4a" }
    public var mp3: String { "audiovideo/\(stem).mp3" }
    public func rendition(_ name: String) -> String { "audiovideo/\(stem)_\(name).mp4" }
    /// The shorts' common stem: `shorts/<dir>/<name>` (`_short1.mp4`, `_short1.jpg`, `_shorts.json`).
    public var shortsBase: String { "shorts/\(stem)" }
    /// The shorts' kept analysis: `analysis/<dir>/<name>`.
    public var analysis: String { "analysis/\(stem)" }

    /// Where an encoding job's renditions go, in `bucket`: `audiovideo/<dir>/` with the
    /// upload's name as the base (both backends plan with it).
    public func jobDestination(bucket: String) -> JobDestination {
        let name = stem.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? stem
        let folder = String(stem.dropLast(name.count))
        return JobDestination(bucket: bucket, prefix: "audiovideo/" + folder, baseName: name)
    }
}

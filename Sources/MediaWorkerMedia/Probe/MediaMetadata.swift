/// What probing a file found. Encoded with snake_case keys, this is the metadata JSON whose
/// schema is `schemas/media-metadata.v1.schema.json`.
public struct MediaMetadata: Codable, Sendable, Equatable {
    /// The schema version this value follows.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var kind: MediaKind
    public var container: ContainerInfo
    public var video: [VideoStreamInfo]
    public var audio: [AudioStreamInfo]
    public var subtitles: [SubtitleStreamInfo]
    public var data: [DataStreamInfo]
    public var chapters: [ChapterInfo]

    public init(
        kind: MediaKind, container: ContainerInfo, video: [VideoStreamInfo], audio: [AudioStreamInfo],
        subtitles: [SubtitleStreamInfo], data: [DataStreamInfo], chapters: [ChapterInfo]
    ) {
        schemaVersion = Self.currentSchemaVersion
        self.kind = kind
        self.container = container
        self.video = video
        self.audio = audio
        self.subtitles = subtitles
        self.data = data
        self.chapters = chapters
    }

    /// The main video stream: the first that is not cover art.
    public var primaryVideo: VideoStreamInfo? { video.first { !$0.isAttachedPicture } }
}

/// What a delivered file is for: the one list the engine, both backends, the job record
/// (`role` in the metadata JSON) and its schema share.
public enum OutputRole: String, Codable, Sendable, CaseIterable {
    /// The upload, untouched, under `original/`.
    case original
    /// A video rendition (MP4, or an HLS media playlist's stream).
    case rendition
    /// The still picture under `thumbnail/`.
    case thumbnail
    /// An audio-only output (AAC `.m4a`, the MP3 as is, an audio rendition).
    case audio
    /// WebVTT under `closed-caption/`.
    case captions
    /// An HLS multivariant playlist.
    case playlist
    /// A scrub-bar sprite sheet (a JPEG of tiles) under `thumbnail/`.
    case sprite
    /// The WebVTT thumbnails track naming the sprite sheets' tiles, beside them.
    case thumbnailTrack = "thumbnail_track"
    /// A vertical short cut from the upload, under `shorts/`.
    case short
    /// A short's picture, beside it under `shorts/`.
    case shortThumbnail = "short_thumbnail"
    /// The shorts' kept analysis (`analysis/<path>/<name>/*.json`) and their manifest
    /// (`shorts/<path>/<name>_shorts.json`).
    case analysis
}

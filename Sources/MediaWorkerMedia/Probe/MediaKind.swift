/// What an upload is, as far as the pipeline cares.
public enum MediaKind: String, Codable, Sendable {
    /// At least one real video stream (not just cover art).
    case video
    /// Audio without real video (cover art allowed).
    case audio
    /// A still picture.
    case image
    /// Streams, but none of the above (subtitles or data only).
    case unknown
}

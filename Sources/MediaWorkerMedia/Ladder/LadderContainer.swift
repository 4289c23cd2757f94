/// The file format of the renditions.
public enum LadderContainer: Sendable, Equatable {
    /// One MP4 per rendition, index at the front (faststart).
    case mp4
    /// An HLS media playlist per rendition (`.m3u8`) with MPEG-TS segments of about
    /// `segmentSeconds` (cut at keyframes), written by libavformat's hls muxer as a VOD playlist.
    case hls(segmentSeconds: Double)
}

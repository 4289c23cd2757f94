/// The video codec of a rendition and the FFmpeg encoder that writes it.
public enum VideoCodec: String, Sendable, Equatable, Codable {
    /// H.264 with libx264 (the default).
    case h264
    /// HEVC with libx265 (tagged `hvc1` in MP4).
    case h265
    /// AV1 with libsvtav1.
    case av1
    /// VP9 with libvpx-vp9, in WebM.
    case vp9

    /// The FFmpeg encoder's name.
    public var encoderName: String {
        switch self {
        case .h264: return "libx264"
        case .h265: return "libx265"
        case .av1: return "libsvtav1"
        case .vp9: return "libvpx-vp9"
        }
    }

    /// FFmpeg's name of the codec, as a probe reports it (`hevc`).
    public var codecName: String {
        switch self {
        case .h264: return "h264"
        case .h265: return "hevc"
        case .av1: return "av1"
        case .vp9: return "vp9"
        }
    }

    /// WebM (VP9) carries Vorbis audio, the MP4 codecs AAC.
    var audioEncoderName: String { self == .vp9 ? "libvorbis" : "aac" }
}

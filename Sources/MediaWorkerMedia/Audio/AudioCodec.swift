internal import CFFmpeg

/// The audio codec of an audio-only output, its FFmpeg encoder and the file it goes in.
public enum AudioCodec: String, Sendable, Equatable, Codable {
    /// AAC (FFmpeg's encoder) in an `.m4a`.
    case aac
    /// MP3 with libmp3lame, an `.mp3` file.
    case mp3
    /// AC-3 (FFmpeg's encoder), raw `.ac3` or in MP4.
    case ac3
    /// 16-bit PCM in a `.wav`.
    case wav16
    /// 24-bit PCM in a `.wav`.
    case wav24

    var encoderName: String {
        switch self {
        case .aac: return "aac"
        case .mp3: return "libmp3lame"
        case .ac3: return "ac3"
        case .wav16: return "pcm_s16le"
        case .wav24: return "pcm_s24le"
        }
    }

    /// What ffprobe calls the stream's codec.
    public var codecName: String { encoderName == "libmp3lame" ? "mp3" : encoderName }

    var sampleFormat: AVSampleFormat {
        switch self {
        case .aac, .mp3, .ac3: return AV_SAMPLE_FMT_FLTP
        case .wav16: return AV_SAMPLE_FMT_S16
        case .wav24: return AV_SAMPLE_FMT_S32
        }
    }

    /// The libavformat muxer of a file of its own.
    var fileFormat: String {
        switch self {
        case .aac: return "ipod"
        case .mp3: return "mp3"
        case .ac3: return "ac3"
        case .wav16, .wav24: return "wav"
        }
    }
}

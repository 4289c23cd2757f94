internal import CFFmpeg
internal import CFFmpegLoader

/// FFmpeg's libraries: loaded on first use (dlopen), their versions and constants.
public enum FFmpegLibraries {
    /// Loads the libraries and resolves every function media-worker calls. Idempotent;
    /// media entry points call it, so commands without media work never load FFmpeg.
    public static func load() throws(MediaError) {
        guard mw_ffmpeg_load() == 0 else {
            throw MediaError(.librariesMissing, String(cString: mw_ffmpeg_load_error()))
        }
    }

    /// Whether FFmpeg has been loaded into this process.
    public static var isLoaded: Bool { mw_ffmpeg_loaded() != 0 }

    /// `libavformat 59.27.100, libavcodec 59.37.100, ...`, or why they cannot be loaded.
    public static var versions: String {
        do { try load() } catch { return error.message }
        func text(_ name: String, _ version: UInt32) -> String {
            "\(name) \(version >> 16).\((version >> 8) & 0xff).\(version & 0xff)"
        }
        return [
            text("libavformat", avformat_version()), text("libavcodec", avcodec_version()), text("libavutil", avutil_version()),
            text("libavfilter", avfilter_version()), text("libswscale", swscale_version()), text("libswresample", swresample_version()),
        ].joined(separator: ", ")
    }

    /// FFmpeg's "no timestamp" value (`AV_NOPTS_VALUE`).
    public static var noTimestamp: Int64 { mw_av_nopts_value() }

    /// `AV_TIME_BASE`, FFmpeg's internal time unit per second.
    public static var timeBase: Int32 { mw_av_time_base() }

    /// Whether an encoder is available by name (`libx264`, `aac`, `mjpeg`).
    public static func hasEncoder(_ name: String) -> Bool {
        (try? load()) != nil && avcodec_find_encoder_by_name(name) != nil
    }

    /// An `FFmpegError` for a POSIX errno, as `AVERROR(errno)`.
    public static func error(errno: Int32, function: String) -> FFmpegError {
        FFmpegError(function: function, cause: mw_averror(errno))
    }
}

internal import CFFmpeg

/// Versions and constants of the linked FFmpeg libraries.
public enum FFmpegLibraries {
    /// `libavformat 59.27.100, libavcodec 59.37.100, ...`
    public static var versions: String {
        func text(_ name: String, _ version: UInt32) -> String {
            "\(name) \(version >> 16).\((version >> 8) & 0xff).\(version & 0xff)"
        }
        return [
            text("libavformat", avformat_version()), text("libavcodec", avcodec_version()), text("libavutil", avutil_version()),
            text("libswscale", swscale_version()), text("libswresample", swresample_version()),
        ].joined(separator: ", ")
    }

    /// FFmpeg's "no timestamp" value (`AV_NOPTS_VALUE`).
    public static var noTimestamp: Int64 { mw_av_nopts_value() }

    /// `AV_TIME_BASE`, FFmpeg's internal time unit per second.
    public static var timeBase: Int32 { mw_av_time_base() }

    /// Whether an encoder is available by name (`libx264`, `aac`, `mjpeg`).
    public static func hasEncoder(_ name: String) -> Bool {
        avcodec_find_encoder_by_name(name) != nil
    }

    /// An `FFmpegError` for a POSIX errno, as `AVERROR(errno)`.
    public static func error(errno: Int32, function: String) -> FFmpegError {
        FFmpegError(function: function, cause: mw_averror(errno))
    }
}

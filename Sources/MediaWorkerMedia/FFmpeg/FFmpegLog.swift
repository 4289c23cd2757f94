internal import CFFmpeg
import Foundation

/// FFmpeg's own logging: quiet by default (failures reach callers as typed errors), so a damaged file does not flood the
/// worker's stderr. `MEDIA_WORKER_FFMPEG_LOG=warning|info|quiet` changes it.
enum FFmpegLog {
    private static let once: Void = {
        let level: Int32 = switch ProcessInfo.processInfo.environment["MEDIA_WORKER_FFMPEG_LOG"] {
        case "quiet": mw_av_log_quiet()
        case "warning": mw_av_log_warning()
        case "info": mw_av_log_info()
        case "error": mw_av_log_error()
        default: mw_av_log_quiet()
        }
        av_log_set_level(level)
    }()

    /// Loads FFmpeg (first call only) and sets its log level: every media entry point starts here.
    static func configure() throws(MediaError) {
        try FFmpegLibraries.load()
        _ = once
    }
}

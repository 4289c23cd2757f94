internal import CFFmpeg

/// Throws an `FFmpegError` for a negative return value, otherwise returns it.
@discardableResult
func ffCheck(_ result: Int32, _ function: @autoclosure () -> String) throws -> Int32 {
    if result < 0 { throw FFmpegError(function: function(), cause: result) }
    return result
}

/// A failed allocation reported as a typed error.
func ffAllocationFailed(_ function: String) -> FFmpegError {
    FFmpegError(function: function, cause: mw_averror(12 /* ENOMEM */))
}

extension String {
    /// A Swift string from an optional C string.
    init?(ffmpeg pointer: UnsafePointer<CChar>?) {
        guard let pointer else { return nil }
        self.init(cString: pointer)
    }
}

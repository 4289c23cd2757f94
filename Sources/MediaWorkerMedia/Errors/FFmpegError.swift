internal import CFFmpeg

/// A failure reported by an FFmpeg library call.
public struct FFmpegError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The FFmpeg function that failed.
    public var function: String
    /// The negative `AVERROR` code.
    public var cause: Int32
    /// FFmpeg's text for `cause`.
    public var reason: String

    public init(function: String, cause: Int32) {
        self.function = function
        self.cause = cause
        var buffer = [CChar](repeating: 0, count: 256)
        mw_av_strerror(cause, &buffer, buffer.count)
        self.reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether the code is `AVERROR_EOF`.
    public var isEndOfFile: Bool { cause == mw_averror_eof() }
    /// Whether the code is `AVERROR(EAGAIN)`.
    public var isTryAgain: Bool { cause == mw_averror_eagain() }
    /// Whether the code is `AVERROR_INVALIDDATA`.
    public var isInvalidData: Bool { cause == mw_averror_invaliddata() }

    public var description: String { "\(function) failed: \(reason) (AVERROR \(cause))" }
}

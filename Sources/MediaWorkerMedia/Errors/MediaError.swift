/// A media operation that failed: what failed, on which input, and what to do about it.
public struct MediaError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is; stable for metrics and status fields.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The input has no bytes.
        public static let emptyInput = Code("empty_input")
        /// The input is not a media file FFmpeg can read (random bytes, text, truncated header).
        public static let notMedia = Code("not_media")
        /// The input is media, but not what this operation handles (an image where video is needed).
        public static let unsupportedContent = Code("unsupported_content")
        /// No decoder exists for a stream, or a stream's parameters are unusable.
        public static let unsupportedCodec = Code("unsupported_codec")
        /// A configured safety limit (duration, pixels, size, processing time) was exceeded.
        public static let limitExceeded = Code("limit_exceeded")
        /// The processing-time limit ran out.
        public static let timedOut = Code("timed_out")
        /// The caller cancelled the work.
        public static let cancelled = Code("cancelled")
        /// Reading the input or writing an output failed.
        public static let io = Code("io")
        /// Decoding failed part-way (a truncated or corrupt file).
        public static let decodeFailed = Code("decode_failed")
        /// An encoder or muxer failed.
        public static let encodeFailed = Code("encode_failed")
        /// A produced file did not pass validation.
        public static let invalidOutput = Code("invalid_output")
        /// FFmpeg's shared libraries could not be loaded (not installed, or another version).
        public static let librariesMissing = Code("libraries_missing")
        /// The options asked for something impossible.
        public static let invalidArgument = Code("invalid_argument")
    }

    public var code: Code
    /// One sentence an operator can act on.
    public var message: String
    /// The input or output the failure concerns.
    public var path: String?
    /// The FFmpeg call that failed, when one did.
    public var cause: FFmpegError?

    public init(_ code: Code, _ message: String, path: String? = nil, cause: FFmpegError? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.cause = cause
    }

    public var description: String {
        var text = message
        if let path, !message.contains(path) { text = "\(path): \(text)" }
        if let cause { text += " (\(cause))" }
        return text
    }
}

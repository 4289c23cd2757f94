/// A caption file that cannot be converted, with the line that shows the problem.
public struct CaptionError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file breaks its format's syntax.
        public static let malformed = Code("malformed_captions")
        /// The file has no cues.
        public static let empty = Code("empty_captions")
        /// The format is not one media-worker reads.
        public static let unsupportedFormat = Code("unsupported_caption_format")
    }

    public var code: Code
    public var message: String
    /// 1-based line of the problem, when there is one.
    public var line: Int?

    public init(_ code: Code, _ message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
    }

    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}

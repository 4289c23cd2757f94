/// A document libxml2 could not parse.
public struct XMLError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: Sendable, Equatable {
        case empty
        case malformed
        case tooLarge
    }
    public var code: Code
    public var message: String
    /// The line of the error (1-based), or 0 when unknown.
    public var line: Int
    /// libxml2's error code (`xmlParserErrors`).
    public var cause: Int32

    public var description: String {
        line > 0 ? "XML error at line \(line): \(message)" : "XML error: \(message)"
    }
}

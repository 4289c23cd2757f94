/// Why making shorts failed, with what to do about it.
public struct ShortsError: Error, Sendable, CustomStringConvertible {
    enum Code: String, Sendable {
        case invalidParameters
        case tooShort
        case noVideo
        case artifact
        case captions
    }

    let code: Code
    /// What went wrong and what to change.
    public let message: String
    /// The underlying error's description, when there is one.
    public let cause: String?

    init(_ code: Code, _ message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// A stable identifier for logs and job records (`invalidParameters`, `tooShort`, ...).
    public var identifier: String { code.rawValue }

    public var description: String {
        cause.map { "\(message) (\($0))" } ?? message
    }
}

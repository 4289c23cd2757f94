/// A failure in the worker around the media work: configuration, work directory, disk,
/// delivery. The message says what failed and what to do.
public struct WorkerError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        case workDirectory
        case diskShort
        case superseded
        case delivery
        case unsafeKey
        case processing
        case queue
        /// A template's side input could not be fetched (SideInputs); the cause's code decides.
        case sideInput
        /// A template's side input is larger than SideInputs' limit.
        case sideInputTooLarge
    }

    public var code: Code
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }
}

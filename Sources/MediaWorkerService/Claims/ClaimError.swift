/// Why a job may not (or may no longer) write an upload's outputs.
public struct ClaimError: Error, CustomStringConvertible, Sendable {
    enum Code: Sendable {
        /// Another worker took the claim over (its lease had run out): this job stops writing.
        case lost
        /// The lease ran out before the heartbeat could renew it (the store unreachable).
        case expired
        /// The store refuses conditional writes (`If-None-Match`, `If-Match`).
        case unsupported
    }

    let code: Code
    public let message: String
    /// The store's error, if any.
    public let cause: (any Error & Sendable)?

    init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// Whether the store cannot do claims at all (the worker then runs without them).
    public var isUnsupported: Bool { code == .unsupported }

    public var description: String { message }
}

/// A Redis failure: connecting, the protocol, or an error reply. `cause` is errno where the
/// socket failed.
public struct RedisError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var cause: Int32?
    public init(_ message: String, cause: Int32? = nil) {
        self.message = message
        self.cause = cause
    }
    public var description: String { "Redis: \(message)" }
}

/// A message that cannot be decoded: it goes to the dead-letter path with this reason.
public struct EventDecodingError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "undecodable message: \(message)" }
}

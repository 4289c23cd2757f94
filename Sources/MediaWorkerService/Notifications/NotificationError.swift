/// A notification that was not accepted.
public struct NotificationError: Error, CustomStringConvertible, Sendable {
    public var channel: String
    public var message: String
    public init(channel: String, message: String) {
        self.channel = channel
        self.message = message
    }
    public var description: String { "\(channel) notification failed: \(message)" }
}

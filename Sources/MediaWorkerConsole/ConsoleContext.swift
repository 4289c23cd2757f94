public import Hummingbird
import NIOCore

/// The request context: who is asking (set by ``ConsoleSecurityMiddleware``), their
/// session's CSRF token, and the client's address for the sign-in rate limit.
public struct ConsoleContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    public var csrfToken: String?
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// The session cookie's `Set-Cookie` value: `HttpOnly`, `SameSite=Strict`, `Path=/`, and
/// `Secure` unless the console was told it serves plain HTTP on loopback
/// (`CONSOLE_INSECURE_COOKIE=true`, for tests and `make console` only).
public struct SessionCookie: Sendable, Equatable {
    public static let name = "mw_console_session"
    public var secure: Bool
    public var maxAge: Int

    public init(secure: Bool, maxAge: Int) {
        self.secure = secure
        self.maxAge = maxAge
    }

    public func set(_ value: String) -> String {
        var parts = ["\(Self.name)=\(value)", "Path=/", "Max-Age=\(maxAge)", "HttpOnly", "SameSite=Strict"]
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    public func clear() -> String {
        var parts = ["\(Self.name)=", "Path=/", "Max-Age=0", "HttpOnly", "SameSite=Strict"]
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}

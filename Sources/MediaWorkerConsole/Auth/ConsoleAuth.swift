public import Foundation
import HTTPTypes
import Hummingbird
import MediaWorkerSupport

/// Sign-in and the identity of each request: local accounts with sessions, or the
/// trusted header of an authenticating reverse proxy (then the CSRF token is an HMAC-free
/// per-user token kept in the same session store, made on the user's first request).
public final class ConsoleAuth: Sendable {
    public let mode: ConsoleConfiguration.Authentication
    public let users: UserDirectory
    public let sessions: SessionStore
    public let cookie: SessionCookie
    let limiter = Locked(LoginRateLimiter())
    let clock: @Sendable () -> Date
    /// Trusted-header mode: one session per user name, for its CSRF token.
    private let proxySessions = Locked<[String: String]>([:])

    public init(mode: ConsoleConfiguration.Authentication, users: UserDirectory, secureCookie: Bool, lifetime: TimeInterval, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.mode = mode
        self.users = users
        self.sessions = SessionStore(lifetime: lifetime, clock: clock)
        self.cookie = SessionCookie(secure: secureCookie, maxAge: Int(lifetime))
        self.clock = clock
    }

    /// The session behind a request: its cookie's, or (trusted-header mode) the header's user's.
    func session(for request: Request) -> Session? {
        switch mode {
        case .local:
            guard let id = request.cookies[SessionCookie.name]?.value else { return nil }
            return sessions.session(id: id)
        case .trustedHeader(let userHeader, let roleHeader, let defaultRole):
            guard let field = HTTPField.Name(userHeader), let name = request.headers[field], !name.isEmpty else { return nil }
            var role = defaultRole
            if let roleHeader, let field = HTTPField.Name(roleHeader), let text = request.headers[field] {
                role = Role(rawValue: text.lowercased()) ?? defaultRole
            }
            let identity = Identity(name: name, role: role)
            if let id = proxySessions.withLock({ $0[name] }), let session = sessions.session(id: id), session.identity == identity { return session }
            let session = sessions.create(for: identity)
            proxySessions.withLock { $0[name] = session.id }
            return session
        }
    }

    /// The outcome of a sign-in attempt.
    public enum SignIn: Sendable, Equatable {
        case success(Session)
        case refused
        /// Too many failures: try again after this many seconds.
        case limited(retryAfter: Int)
    }

    /// Checks a name and password, counting failures per address and per name.
    public func signIn(name: String, password: String, address: String) -> SignIn {
        let keys = ["address:\(address)", "user:\(name)"]
        let now = clock()
        let allowed = limiter.withLock { $0.allows(keys, at: now) }
        guard allowed else { return .limited(retryAfter: limiter.withLock { $0.retryAfter(keys, at: now) }) }
        guard let identity = users.authenticate(name: name, password: password) else {
            limiter.withLock { $0.recordFailure(keys, at: now) }
            return .refused
        }
        limiter.withLock { $0.recordSuccess(["user:\(name)"]) }
        return .success(sessions.create(for: identity))
    }
}

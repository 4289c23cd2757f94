public import Foundation
import MediaWorkerSupport

/// Sessions in memory (a console restart signs everyone out). Ids and CSRF tokens are
/// 256-bit random; a session lasts `lifetime` from sign-in (idle or not).
public final class SessionStore: Sendable {
    let lifetime: TimeInterval
    let clock: @Sendable () -> Date
    private let sessions = Locked<[String: Session]>([:])

    public init(lifetime: TimeInterval = 8 * 3600, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.lifetime = lifetime
        self.clock = clock
    }

    /// A new session for `identity`.
    public func create(for identity: Identity) -> Session {
        let session = Session(id: SecureRandom.token(), csrfToken: SecureRandom.token(), identity: identity, expires: clock().addingTimeInterval(lifetime))
        let now = clock()
        sessions.withLock { all in
            all = all.filter { $0.value.expires > now }
            all[session.id] = session
        }
        return session
    }

    /// The live session with this id, if any.
    public func session(id: String) -> Session? {
        let now = clock()
        return sessions.withLock { all in
            guard let session = all[id] else { return nil }
            guard session.expires > now else {
                all[id] = nil
                return nil
            }
            return session
        }
    }

    public func destroy(id: String) {
        sessions.withLock { $0[id] = nil }
    }

    /// Whether `token` is the CSRF token of the session `id`.
    public func checkCSRF(session id: String, token: String?) -> Bool {
        guard let token, let session = session(id: id) else { return false }
        return SecureRandom.equal(session.csrfToken, token)
    }
}

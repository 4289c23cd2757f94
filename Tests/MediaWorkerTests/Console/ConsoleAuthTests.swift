import Foundation
import HTTPTypes
import Hummingbird
import MediaWorkerS3
import MediaWorkerSupport
import Testing

@testable import MediaWorkerConsole

/// Roles, accounts, sessions, CSRF tokens, cookie flags and the sign-in rate limit.
@Suite("Console auth")
struct ConsoleAuthTests {
    /// Cost 4: the smallest bcrypt takes, so the suite stays quick.
    static let hash = UserDirectory.hash("correct horse", cost: 4)

    @Test("each role allows its own work and the roles before it, never the ones after")
    func roles() {
        #expect(Role.operator.allows(.reviewer) && Role.operator.allows(.viewer) && Role.operator.allows(.operator))
        #expect(Role.reviewer.allows(.viewer) && Role.reviewer.allows(.reviewer) && !Role.reviewer.allows(.operator))
        #expect(Role.viewer.allows(.viewer) && !Role.viewer.allows(.reviewer) && !Role.viewer.allows(.operator))
    }

    @Test("the accounts file: name:role:hash lines, comments and blank lines skipped, the right password only")
    func accounts() throws {
        let text = "# accounts\n\nalice:operator:\(Self.hash)\nbob:viewer:\(Self.hash)\n"
        let directory = try UserDirectory.parse(text, source: "users")
        #expect(directory.users.count == 2)
        #expect(directory.authenticate(name: "alice", password: "correct horse") == Identity(name: "alice", role: .operator))
        #expect(directory.authenticate(name: "bob", password: "correct horse")?.role == .viewer)
        #expect(directory.authenticate(name: "alice", password: "wrong") == nil)
        #expect(directory.authenticate(name: "nobody", password: "correct horse") == nil)
    }

    @Test("a bad accounts line is reported with its line number and what is wrong")
    func badAccounts() {
        let text = "alice:admin:\(Self.hash)\nbob:viewer:plaintext\ncarol\n"
        #expect {
            try UserDirectory.parse(text, source: "users")
        } throws: { error in
            let text = "\(error)"
            return text.contains("users:1: role 'admin'") && text.contains("users:2: the password must be a bcrypt hash") && text.contains("users:3: expected")
        }
    }

    @Test("sessions: random ids, found until they expire, gone after sign-out")
    func sessions() {
        let now = Locked(Date(timeIntervalSince1970: 1_000_000))
        let store = SessionStore(lifetime: 60, clock: { now.withLock { $0 } })
        let identity = Identity(name: "alice", role: .reviewer)
        let first = store.create(for: identity)
        let second = store.create(for: identity)
        #expect(first.id != second.id && first.csrfToken != second.csrfToken && first.id.count >= 43)
        #expect(store.session(id: first.id)?.identity == identity)
        #expect(store.session(id: "made-up") == nil)
        now.withLock { $0 = $0.addingTimeInterval(59) }
        #expect(store.session(id: first.id) != nil)
        now.withLock { $0 = $0.addingTimeInterval(2) }
        #expect(store.session(id: first.id) == nil)
        let third = store.create(for: identity)
        store.destroy(id: third.id)
        #expect(store.session(id: third.id) == nil)
    }

    @Test("CSRF: only the session's own token passes")
    func csrf() {
        let store = SessionStore()
        let session = store.create(for: Identity(name: "alice", role: .operator))
        let other = store.create(for: Identity(name: "bob", role: .operator))
        #expect(store.checkCSRF(session: session.id, token: session.csrfToken))
        #expect(!store.checkCSRF(session: session.id, token: other.csrfToken))
        #expect(!store.checkCSRF(session: session.id, token: nil))
        #expect(!store.checkCSRF(session: session.id, token: ""))
        #expect(!store.checkCSRF(session: "made-up", token: session.csrfToken))
        #expect(!SecureRandom.equal(session.csrfToken, String(session.csrfToken.dropLast())))
    }

    @Test("the session cookie: HttpOnly, SameSite=Strict, Secure unless turned off")
    func cookieFlags() {
        let secure = SessionCookie(secure: true, maxAge: 3600).set("abc")
        #expect(secure == "mw_console_session=abc; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict; Secure")
        let plain = SessionCookie(secure: false, maxAge: 3600).set("abc")
        #expect(plain.contains("HttpOnly") && plain.contains("SameSite=Strict") && !plain.contains("Secure"))
        #expect(SessionCookie(secure: true, maxAge: 1).clear().contains("Max-Age=0"))
    }

    @Test("sign-ins: after 5 failures within 5 minutes the name (20: the address) is refused until the window passes")
    func rateLimit() {
        var limiter = LoginRateLimiter(limit: 5, addressLimit: 20, window: 300)
        let start = Date(timeIntervalSince1970: 0)
        let keys = ["address:127.0.0.1", "user:alice"]
        for second in 0..<5 {
            #expect(limiter.allows(keys, at: start.addingTimeInterval(Double(second))))
            limiter.recordFailure(keys, at: start.addingTimeInterval(Double(second)))
        }
        #expect(!limiter.allows(keys, at: start.addingTimeInterval(10)))
        #expect(!limiter.allows(["address:10.0.0.9", "user:alice"], at: start.addingTimeInterval(10)))
        #expect(limiter.allows(["address:10.0.0.9", "user:bob"], at: start.addingTimeInterval(10)))
        #expect(limiter.retryAfter(keys, at: start.addingTimeInterval(10)) == 290)
        #expect(limiter.allows(keys, at: start.addingTimeInterval(301)))
        var addresses = LoginRateLimiter(limit: 5, addressLimit: 20, window: 300)
        for number in 0..<20 { addresses.recordFailure(["address:192.0.2.7", "user:u\(number)"], at: start) }
        #expect(!addresses.allows(["address:192.0.2.7", "user:fresh"], at: start))
        #expect(addresses.allows(["address:192.0.2.8", "user:fresh"], at: start))
    }

    @Test("ConsoleAuth counts failed sign-ins and answers 'limited' with the wait")
    func signInLimited() throws {
        let directory = try UserDirectory.parse("alice:operator:\(Self.hash)", source: "users")
        let auth = ConsoleAuth(mode: .local(.text("")), users: directory, secureCookie: true, lifetime: 60)
        for _ in 0..<5 { #expect(auth.signIn(name: "alice", password: "guess", address: "192.0.2.1") == .refused) }
        guard case .limited(let wait) = auth.signIn(name: "alice", password: "correct horse", address: "192.0.2.1") else {
            Issue.record("the sixth attempt was not limited")
            return
        }
        #expect(wait > 0 && wait <= 300)
    }

    @Test("settings: the insecure cookie only on loopback; accounts or the trusted header required; problems all at once")
    func configuration() throws {
        let base = ["DESTINATION_BUCKET": "out", "CONSOLE_USERS": "alice:viewer:\(Self.hash)"]
        let loopback = try ConsoleConfiguration.fromEnvironment(base.merging(["CONSOLE_INSECURE_COOKIE": "true", "CONSOLE_LISTEN": "127.0.0.1:9000"]) { $1 })
        #expect(!loopback.secureCookie && loopback.port == 9000)
        #expect(try ConsoleConfiguration.fromEnvironment(base).secureCookie)
        #expect(throws: ConsoleError.self) {
            try ConsoleConfiguration.fromEnvironment(base.merging(["CONSOLE_INSECURE_COOKIE": "true", "CONSOLE_LISTEN": "0.0.0.0:9000"]) { $1 })
        }
        #expect {
            try ConsoleConfiguration.fromEnvironment([:])
        } throws: { error in
            "\(error)".contains("DESTINATION_BUCKET") && "\(error)".contains("CONSOLE_USERS_FILE")
        }
        let proxy = try ConsoleConfiguration.fromEnvironment(["DESTINATION_BUCKET": "out", "CONSOLE_TRUSTED_HEADER": "X-Forwarded-User"])
        #expect(proxy.authentication == .trustedHeader(userHeader: "X-Forwarded-User", roleHeader: nil, defaultRole: .viewer))
        // The templates folder: the console's own setting, else the worker's, else JOB_TEMPLATE's folder.
        #expect(try ConsoleConfiguration.fromEnvironment(base.merging(["TEMPLATE_DIRECTORY": "/t", "JOB_TEMPLATE": "/j/job.json"]) { $1 }).templatesDirectory == "/t")
        #expect(try ConsoleConfiguration.fromEnvironment(base.merging(["CONSOLE_TEMPLATES_DIR": "/c", "TEMPLATE_DIRECTORY": "/t"]) { $1 }).templatesDirectory == "/c")
        #expect(try ConsoleConfiguration.fromEnvironment(base.merging(["JOB_TEMPLATE": "/j/job.json"]) { $1 }).templatesDirectory == "/j")
        // TEMPLATE_BUCKET_URI: a bucket prefix, or a problem that says the form.
        #expect(try ConsoleConfiguration.fromEnvironment(base.merging(["TEMPLATE_BUCKET_URI": "s3://cfg/t"]) { $1 }).templateBucket == S3Location(bucket: "cfg", key: "t/"))
        #expect { try ConsoleConfiguration.fromEnvironment(base.merging(["TEMPLATE_BUCKET_URI": "cfg/t"]) { $1 }) } throws: { "\($0)".contains("s3://BUCKET/PREFIX/") }
    }
}


/// Trusted-header mode: the proxy's header is the identity; without it, nobody.
@Suite("Console trusted header")
struct ConsoleTrustedHeaderTests {
    static func request(_ headers: [(String, String)]) -> Request {
        var fields = HTTPFields()
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return Request(head: HTTPRequest(method: .get, scheme: "http", authority: "console", path: "/jobs", headerFields: fields), body: .init(buffer: ByteBuffer()))
    }

    @Test("the user and role headers make the identity; a missing or empty header is no one; an unknown role falls back to the default")
    func trusted() {
        let auth = ConsoleAuth(
            mode: .trustedHeader(userHeader: "X-Forwarded-User", roleHeader: "X-Forwarded-Role", defaultRole: .viewer), users: UserDirectory(users: []),
            secureCookie: true, lifetime: 60)
        let alice = auth.session(for: Self.request([("X-Forwarded-User", "alice"), ("X-Forwarded-Role", "Reviewer")]))
        #expect(alice?.identity == Identity(name: "alice", role: .reviewer))
        // The same user keeps one CSRF token across requests.
        #expect(auth.session(for: Self.request([("X-Forwarded-User", "alice"), ("X-Forwarded-Role", "reviewer")]))?.csrfToken == alice?.csrfToken)
        #expect(auth.session(for: Self.request([("X-Forwarded-User", "bob"), ("X-Forwarded-Role", "admin")]))?.identity.role == .viewer)
        #expect(auth.session(for: Self.request([])) == nil)
        #expect(auth.session(for: Self.request([("X-Forwarded-User", "")])) == nil)
        // A session cookie means nothing in this mode.
        let cookieOnly = Self.request([("Cookie", "\(SessionCookie.name)=\(alice?.id ?? "")")])
        #expect(auth.session(for: cookieOnly) == nil)
    }
}

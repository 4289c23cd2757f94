import Foundation
import Hummingbird
public import Logging
import MediaWorkerAWS
public import ServiceLifecycle

/// The webhook endpoint bucket notifications are POSTed to, one path per store:
///
/// | path | sender | authenticated by |
/// | --- | --- | --- |
/// | `/minio/events` | MinIO's webhook target | `Authorization: Bearer TOKEN` (its `auth_token`) |
/// | `/ceph/events` | Ceph RGW's HTTP push endpoint | the token, as a bearer header or `?token=TOKEN` in the push-endpoint URL |
/// | `/seaweedfs/events` | SeaweedFS filer's `notification.webhook` | `Authorization: Bearer TOKEN` (its `bearer_token`) |
/// | `/rustfs/events` | RustFS's webhook target | `Authorization: Bearer TOKEN` (its `auth_token`) |
/// | `/b2/events` | Backblaze B2 event notifications | `x-bz-event-notification-signature: v1=HMAC-SHA256(B2 signing secret, body)` |
///
/// Token paths take `Bearer TOKEN`, a bare token, or `?token=TOKEN`. The body is stored as
/// it came; the decoder recognises each store's shape (``EventDecoder``), so the path only
/// chooses how the request is authenticated and names the source in the log. It answers
/// 200 only after the event is in the spool on disk, synced; 401 for a missing or wrong token
/// or signature (and on `/b2/events` while no signing secret is set), 413 for a body over 1
/// MiB, 400 for a body that is not JSON, 408 for a body that takes over 30 s to arrive, 503
/// (with `Retry-After`) while `maxInFlight` requests are already being read or stored. `GET
/// /health` answers 200. A connection whose request head has not arrived within 30 s (idle,
/// or a slow-loris client trickling header bytes) is closed.
public struct WebhookServer: Service {
    public let host: String
    public let port: Int
    let token: String
    /// B2's signing secret (`B2_WEBHOOK_SIGNING_SECRET`); `nil` refuses every `/b2/events` request.
    let b2SigningSecret: String?
    public let spool: SpoolMessageSource
    public let logger: Logger
    let inFlight: InFlightLimit
    public static let maxBodyBytes = 1 << 20
    /// How long a request's body may take to arrive. Request heads get the server's idle
    /// timeout (30 s): Hummingbird closes a connection whose head has not arrived by then.
    public static let bodyDeadline: Duration = .seconds(30)

    struct BodyTimeout: Error {}

    /// Collects at most `maxBodyBytes` of `body`, failing with ``BodyTimeout`` after `deadline`.
    static func collect(_ body: RequestBody, within deadline: Duration) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: maxBodyBytes) }
            group.addTask {
                try await Task.sleep(for: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else { throw BodyTimeout() }
            return buffer
        }
    }

    /// How a path's requests are authenticated.
    enum Authentication: Sendable {
        case token
        case b2Signature
    }

    /// The event paths: the source each names (as in logs) and how it is authenticated.
    static let sources: [(path: String, source: UploadEvent.Origin, authentication: Authentication)] = [
        ("/minio/events", .minio, .token), ("/ceph/events", .ceph, .token), ("/seaweedfs/events", .seaweedfs, .token),
        ("/rustfs/events", .rustfs, .token), ("/b2/events", .b2, .b2Signature),
    ]

    /// `maxInFlight` caps the event requests handled at once (`WEBHOOK_MAX_IN_FLIGHT`).
    /// `b2SigningSecret` verifies `/b2/events` (`B2_WEBHOOK_SIGNING_SECRET`); `nil` refuses them.
    public init(
        host: String, port: Int, token: String, spool: SpoolMessageSource, logger: Logger, maxInFlight: Int = 64,
        b2SigningSecret: String? = nil
    ) {
        self.inFlight = InFlightLimit(limit: maxInFlight)
        self.host = host
        self.port = port
        self.token = token
        self.b2SigningSecret = b2SigningSecret
        self.spool = spool
        self.logger = logger
    }

    public func run() async throws {
        let router = Router()
        let (token, secret, spool, logger, inFlight) = (self.token, self.b2SigningSecret, self.spool, self.logger, self.inFlight)
        router.get("/health") { _, _ in HTTPResponse.Status.ok }
        for (path, source, authentication) in Self.sources {
            router.post(RouterPath(path)) { request, _ -> Response in
                // Slow clients each hold a handler for up to `bodyDeadline`; past the cap, new
                // requests are turned away at once (the stores retry them).
                guard inFlight.enter() else {
                    logger.warning("webhook: refused a request: \(inFlight.limit) already in flight (WEBHOOK_MAX_IN_FLIGHT)", metadata: ["source": "\(source.rawValue)"])
                    return Response(status: .serviceUnavailable, headers: [.retryAfter: "5"])
                }
                defer { inFlight.leave() }
                let status = try await Self.handle(
                    request, source: source, authentication: authentication, token: token, b2SigningSecret: secret, spool: spool, logger: logger)
                return Response(status: status)
            }
        }
        let app = Application(
            router: router, server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(host, port: port), serverName: "media-worker"), logger: logger)
        logger.info(
            "webhook listening",
            metadata: [
                "address": "\(host):\(port)", "paths": "\(Self.sources.map(\.path).joined(separator: ","))", "max_in_flight": "\(inFlight.limit)",
                "b2": "\(secret == nil ? "off (no B2_WEBHOOK_SIGNING_SECRET)" : "on")",
            ])
        try await app.run()
    }

    /// One event request: the token before the body (the signature after it: it covers the
    /// body), the body within its deadline and size, JSON, then the spool.
    static func handle(
        _ request: Request, source: UploadEvent.Origin = .minio, authentication: Authentication = .token, token: String, b2SigningSecret: String? = nil,
        spool: SpoolMessageSource, logger: Logger
    ) async throws -> HTTPResponse.Status {
        let metadata: Logger.Metadata = ["source": "\(source.rawValue)"]
        switch authentication {
        case .token:
            let given = request.headers[.authorization] ?? request.uri.queryParameters["token"].map(String.init)
            guard Self.authorized(given, token: token) else {
                logger.warning("webhook: refused a request without the right bearer token", metadata: metadata)
                return .unauthorized
            }
        case .b2Signature:
            guard b2SigningSecret != nil else {
                logger.warning("webhook: refused a B2 event: B2_WEBHOOK_SIGNING_SECRET is not set", metadata: metadata)
                return .unauthorized
            }
        }
        // A body that trickles in (slow-loris) gets `bodyDeadline` in all, then 408.
        let body: ByteBuffer
        do {
            body = try await Self.collect(request.body, within: Self.bodyDeadline)
        } catch is BodyTimeout {
            logger.warning("webhook: refused a body that did not arrive within \(Self.bodyDeadline)", metadata: metadata)
            return .requestTimeout
        } catch {
            return .contentTooLarge
        }
        let bytes = Array(buffer: body)
        if authentication == .b2Signature, let secret = b2SigningSecret {
            let header = request.headers.first { $0.name.canonicalName == B2Signature.header }?.value
            guard B2Signature.verify(header: header, body: bytes, secret: secret) else {
                logger.warning(
                    "webhook: refused a B2 event whose \(B2Signature.header) is \(header == nil ? "missing" : "wrong")", metadata: metadata)
                return .unauthorized
            }
        }
        guard (try? JSONSerialization.jsonObject(with: Data(bytes))) != nil else { return .badRequest }
        try await BlockingWork.run("media-worker.spool") { try spool.store(bytes) }
        logger.info("webhook: stored an event", metadata: metadata.merging(["bytes": "\(bytes.count)"]) { $1 })
        return .ok
    }

    /// `Bearer TOKEN` or `TOKEN`, compared in constant time.
    static func authorized(_ header: String?, token: String) -> Bool {
        guard var given = header else { return false }
        if given.lowercased().hasPrefix("bearer ") { given = String(given.dropFirst(7)) }
        return WebhookSignature.constantTimeEqual(Array(given.utf8), Array(token.utf8))
    }
}

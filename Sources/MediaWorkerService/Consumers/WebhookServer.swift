import Foundation
import Hummingbird
public import Logging
import MediaWorkerAWS
public import ServiceLifecycle

/// MinIO's webhook target: `POST /minio/events` with `Authorization: Bearer TOKEN` (MinIO's
/// `auth_token`; a bare token is accepted too). It answers 200 only after the event is in
/// the spool on disk, synced; 401 for a missing or wrong token, 413 for a body over 1 MiB,
/// 400 for a body that is not JSON, 408 for a body that takes over 30 s to arrive, 503 (with
/// `Retry-After`) while `maxInFlight` requests are already being read or stored. `GET
/// /health` answers 200. A connection whose request head has not arrived within 30 s (idle,
/// or a slow-loris client trickling header bytes) is closed.
public struct WebhookServer: Service {
    public let host: String
    public let port: Int
    let token: String
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

    /// `maxInFlight` caps the event requests handled at once (`WEBHOOK_MAX_IN_FLIGHT`).
    public init(host: String, port: Int, token: String, spool: SpoolMessageSource, logger: Logger, maxInFlight: Int = 64) {
        self.inFlight = InFlightLimit(limit: maxInFlight)
        self.host = host
        self.port = port
        self.token = token
        self.spool = spool
        self.logger = logger
    }

    public func run() async throws {
        let router = Router()
        let (token, spool, logger, inFlight) = (self.token, self.spool, self.logger, self.inFlight)
        router.get("/health") { _, _ in HTTPResponse.Status.ok }
        router.post("/minio/events") { request, _ -> Response in
            // Slow clients each hold a handler for up to `bodyDeadline`; past the cap, new
            // requests are turned away at once (MinIO retries them from its queue_dir).
            guard inFlight.enter() else {
                logger.warning("webhook: refused a request: \(inFlight.limit) already in flight (WEBHOOK_MAX_IN_FLIGHT)")
                return Response(status: .serviceUnavailable, headers: [.retryAfter: "5"])
            }
            defer { inFlight.leave() }
            return Response(status: try await Self.handle(request, token: token, spool: spool, logger: logger))
        }
        let app = Application(
            router: router, server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(host, port: port), serverName: "media-worker"), logger: logger)
        logger.info("webhook listening", metadata: ["address": "\(host):\(port)", "path": "/minio/events", "max_in_flight": "\(inFlight.limit)"])
        try await app.run()
    }

    /// One event request: token, body within its deadline and size, JSON, then the spool.
    static func handle(_ request: Request, token: String, spool: SpoolMessageSource, logger: Logger) async throws -> HTTPResponse.Status {
        guard Self.authorized(request.headers[.authorization], token: token) else {
            logger.warning("webhook: refused a request without the right bearer token")
            return .unauthorized
        }
        // A body that trickles in (slow-loris) gets `bodyDeadline` in all, then 408.
        let body: ByteBuffer
        do {
            body = try await Self.collect(request.body, within: Self.bodyDeadline)
        } catch is BodyTimeout {
            logger.warning("webhook: refused a body that did not arrive within \(Self.bodyDeadline)")
            return .requestTimeout
        } catch {
            return .contentTooLarge
        }
        let bytes = Array(buffer: body)
        guard (try? JSONSerialization.jsonObject(with: Data(bytes))) != nil else { return .badRequest }
        try await BlockingWork.run("media-worker.spool") { try spool.store(bytes) }
        return .ok
    }

    /// `Bearer TOKEN` or `TOKEN`, compared in constant time.
    static func authorized(_ header: String?, token: String) -> Bool {
        guard var given = header else { return false }
        if given.lowercased().hasPrefix("bearer ") { given = String(given.dropFirst(7)) }
        return WebhookSignature.constantTimeEqual(Array(given.utf8), Array(token.utf8))
    }
}

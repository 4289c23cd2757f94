public import Foundation
import Hummingbird
public import Logging
public import Prometheus
public import ServiceLifecycle

/// The operator's HTTP endpoints on `HTTP_LISTEN`:
/// - `GET /metrics`: Prometheus text format (swift-prometheus);
/// - `GET /healthz`: 200 while the worker is alive (503 when its receive loop is stuck);
/// - `GET /readyz`: 200 when it is running and can reach its queue, else 503.
///
/// Bodies of the health endpoints are JSON: `{"status": "ok"|"unavailable", "reason": ...}`.
public struct StatusServer: Service {
    public let host: String
    public let port: Int
    public let registry: PrometheusCollectorRegistry
    let health: @Sendable () -> WorkerHealth
    let stallAfter: TimeInterval
    public let logger: Logger

    public init(
        host: String, port: Int, registry: PrometheusCollectorRegistry, stallAfter: TimeInterval = 300, logger: Logger,
        health: @escaping @Sendable () -> WorkerHealth
    ) {
        self.host = host
        self.port = port
        self.registry = registry
        self.health = health
        self.stallAfter = stallAfter
        self.logger = logger
    }

    public func run() async throws {
        let router = Router()
        let (registry, health, stallAfter) = (self.registry, self.health, self.stallAfter)
        router.get("/metrics") { _, _ -> Response in
            var buffer = ByteBuffer()
            buffer.writeBytes(registry.emitToBuffer())
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: buffer))
        }
        router.get("/healthz") { _, _ -> Response in
            let verdict = health().liveness(stallAfter: stallAfter)
            return Self.json(ok: verdict.alive, reason: verdict.reason)
        }
        router.get("/readyz") { _, _ -> Response in
            let verdict = health().readiness()
            return Self.json(ok: verdict.ready, reason: verdict.reason)
        }
        let app = Application(
            router: router, server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(host, port: port), serverName: "media-worker"), logger: logger)
        logger.info("status endpoints listening", metadata: ["address": "\(host):\(port)", "paths": "/metrics /healthz /readyz"])
        try await app.run()
    }

    static func json(ok: Bool, reason: String) -> Response {
        let object = ["status": ok ? "ok" : "unavailable", "reason": reason]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        var buffer = ByteBuffer()
        buffer.writeBytes(data)
        return Response(status: ok ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }
}

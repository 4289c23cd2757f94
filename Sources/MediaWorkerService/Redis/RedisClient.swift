import Foundation
import MediaWorkerAWS
import MediaWorkerSupport

/// A Redis client for the worker's queue: one connection, commands run one at a time on
/// their own thread (never on Swift's cooperative pool), reconnecting after a failure.
/// URL: `redis://[:PASSWORD@]HOST[:PORT][/DB]`.
public final class RedisClient: Sendable {
    public let host: String
    public let port: Int
    let password: String?
    let database: Int
    private let connection = Locked<RedisConnection?>(nil)

    public init(url: String) throws(RedisError) {
        guard let components = URLComponents(string: url), components.scheme == "redis", let host = components.host, !host.isEmpty else {
            throw RedisError("REDIS_URL=\(url) is not redis://[:PASSWORD@]HOST[:PORT][/DB]")
        }
        self.host = host
        self.port = components.port ?? 6379
        self.password = components.password.flatMap { $0.removingPercentEncoding ?? $0 }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard path.isEmpty || Int(path) != nil else { throw RedisError("REDIS_URL=\(url): the database must be a number") }
        self.database = Int(path) ?? 0
    }

    /// Runs commands (pipelined) and returns their replies. `blockingSeconds` is the longest
    /// a blocking command in them may wait.
    public func send(_ commands: [[String]], blockingSeconds: Double = 0) async throws -> [RedisReply] {
        try await BlockingWork.run("media-worker.redis") { [self] in
            try connection.withLock { connection -> [RedisReply] in
                if connection == nil { connection = try open(timeout: max(60, blockingSeconds + 10)) }
                do {
                    return try connection!.send(commands)
                } catch {
                    connection = nil
                    throw error
                }
            }
        }
    }

    /// One command; an error reply is thrown.
    @discardableResult
    public func call(_ command: String..., blockingSeconds: Double = 0) async throws -> RedisReply {
        let reply = try await send([command], blockingSeconds: blockingSeconds)[0]
        if case .error(let message) = reply { throw RedisError("\(command.first ?? "") failed: \(message)") }
        return reply
    }

    /// Commands inside MULTI/EXEC: all of them or none.
    public func transaction(_ commands: [[String]]) async throws {
        let replies = try await send([["MULTI"]] + commands + [["EXEC"]])
        if case .array(nil) = replies.last! { throw RedisError("a transaction was aborted") }
        for reply in replies { if case .error(let message) = reply { throw RedisError("transaction failed: \(message)") } }
    }

    private func open(timeout: Double) throws(RedisError) -> RedisConnection {
        let connection = try RedisConnection(host: host, port: port, timeout: timeout)
        if let password { _ = try connection.call("AUTH", password) }
        if database != 0 { _ = try connection.call("SELECT", String(database)) }
        return connection
    }
}

import Foundation
public import Logging
import MediaWorkerSigning

/// A Redis list that MinIO's Redis notification target fills in `access` format (each
/// element an RPUSH of `[{"Event":[record],"EventTime":...}]`), consumed reliably: BLMOVE
/// moves each element into this worker's processing list, it is removed on success, and a
/// restarted worker moves what its processing list still holds back to the queue.
///
/// Keys: `KEY` (MinIO's), `KEY:processing:WORKER_ID`, `KEY:attempts` (a hash of delivery
/// counts), `KEY:delayed` (a sorted set of retries by due time), `KEY:dead` (the
/// dead-letter list) and `KEY:dead-reasons`.
public final class RedisMessageSource: MessageSource {
    public let redis: RedisClient
    /// A second connection for BLMOVE, so settling messages never waits behind a receive.
    private let blocking: RedisClient
    public let key: String
    public let processing: String
    public let waitSeconds: Int
    public let maxAttempts: Int
    public let logger: Logger

    public init(url: String, key: String, workerID: String, waitSeconds: Int, maxAttempts: Int, logger: Logger) throws {
        self.redis = try RedisClient(url: url)
        self.blocking = try RedisClient(url: url)
        self.key = key
        self.processing = "\(key):processing:\(workerID)"
        self.waitSeconds = max(1, waitSeconds)
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    public var description: String { "Redis \(redis.host):\(redis.port) list \(key)" }
    public var heartbeatInterval: Duration? { nil }
    var attempts: String { "\(key):attempts" }
    var delayed: String { "\(key):delayed" }
    public var deadList: String { "\(key):dead" }

    /// Moves what a crashed run left in the processing list back to the head of the queue.
    public func prepare() async throws {
        var recovered = 0
        while case .bulk(.some) = try await redis.call("LMOVE", processing, key, "RIGHT", "LEFT") { recovered += 1 }
        logger.info("Redis queue ready", metadata: ["list": "\(key)", "processing": "\(processing)", "recovered": "\(recovered)"])
    }

    public func receive(max: Int) async throws -> [WorkMessage] {
        try await promoteDueRetries()
        var elements: [String] = []
        let first = try await blocking.call("BLMOVE", key, processing, "LEFT", "RIGHT", String(waitSeconds), blockingSeconds: Double(waitSeconds))
        guard let element = first.text else { return [] }
        elements.append(element)
        while elements.count < max, let more = try await redis.call("LMOVE", key, processing, "LEFT", "RIGHT").text {
            elements.append(more)
        }
        var messages: [WorkMessage] = []
        for element in elements {
            let id = Self.id(element)
            let attempt = try await redis.call("HINCRBY", attempts, id, "1").integer ?? 1
            messages.append(WorkMessage(id: id, body: element, attempt: attempt, handle: element))
        }
        return messages
    }

    public func complete(_ message: WorkMessage) async throws {
        try await redis.transaction([["LREM", processing, "1", message.handle], ["HDEL", attempts, message.id]])
    }

    public func retry(_ message: WorkMessage, afterSeconds: Int) async throws {
        if afterSeconds <= 0 {
            try await redis.transaction([["LREM", processing, "1", message.handle], ["RPUSH", key, message.handle]])
        } else {
            let due = Int(Date().timeIntervalSince1970) + afterSeconds
            try await redis.transaction([["LREM", processing, "1", message.handle], ["ZADD", delayed, String(due), message.handle]])
        }
    }

    public func extend(_ message: WorkMessage) async throws {}

    public func pendingCount() async throws -> Int? {
        let replies = try await redis.send([["LLEN", key], ["LLEN", processing], ["ZCARD", delayed]])
        return replies.reduce(0) { $0 + ($1.integer ?? 0) }
    }

    public func deadLetter(_ message: WorkMessage, reason: String) async throws {
        try await redis.transaction([
            ["LREM", processing, "1", message.handle], ["RPUSH", deadList, message.handle], ["HSET", "\(key):dead-reasons", message.id, reason],
            ["HDEL", attempts, message.id],
        ])
    }

    /// Retries whose time has come go back to the end of the queue.
    private func promoteDueRetries() async throws {
        let now = String(Int(Date().timeIntervalSince1970))
        guard case .array(let due?) = try await redis.call("ZRANGEBYSCORE", delayed, "-inf", now, "LIMIT", "0", "100") else { return }
        for item in due.compactMap(\.text) {
            // One script, so the move is atomic and ZREM decides which worker makes it.
            try await redis.call(
                "EVAL", "if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then return redis.call('RPUSH', KEYS[2], ARGV[1]) end return 0",
                "2", delayed, key, item)
        }
    }

    /// The id of a list element (its dead-reason and attempt-count field).
    public static func id(_ element: String) -> String {
        String(Hex.encode(SHA256.hash(Array(element.utf8))).prefix(20))
    }
}

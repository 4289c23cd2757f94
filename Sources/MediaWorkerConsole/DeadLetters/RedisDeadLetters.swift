import Foundation
import MediaWorkerService

/// The Redis dead list (`REDIS_KEY:dead`) with the reasons the worker kept
/// (`REDIS_KEY:dead-reasons`). Redriving moves an element back to the queue list and
/// forgets its attempt count.
struct RedisDeadLetters: DeadLetterBox {
    let redis: RedisClient
    let key: String

    var id: String { "redis" }
    var title: String { "Redis list \(key):dead on \(redis.host):\(redis.port)" }

    func list(limit: Int) async throws -> [DeadLetter] {
        guard case .array(let items?) = try await redis.call("LRANGE", "\(key):dead", "0", String(limit - 1)) else { return [] }
        var letters: [DeadLetter] = []
        for element in items.compactMap(\.text) {
            let id = RedisMessageSource.id(element)
            let reason = try await redis.call("HGET", "\(key):dead-reasons", id).text ?? "no reason kept"
            letters.append(DeadLetter(box: self.id, id: id, key: EventKey.key(of: element), reason: reason, body: element))
        }
        return letters
    }

    func redrive(id: String) async throws -> Bool {
        guard let element = try await list(limit: 10_000).first(where: { $0.id == id })?.body else { return false }
        try await move(element)
        return true
    }

    func redriveAll() async throws -> Int {
        let letters = try await list(limit: 10_000)
        for letter in letters { try await move(letter.body) }
        return letters.count
    }

    func move(_ element: String) async throws {
        let id = RedisMessageSource.id(element)
        try await redis.transaction([
            ["LREM", "\(key):dead", "1", element], ["RPUSH", key, element], ["HDEL", "\(key):attempts", id], ["HDEL", "\(key):dead-reasons", id],
        ])
    }
}

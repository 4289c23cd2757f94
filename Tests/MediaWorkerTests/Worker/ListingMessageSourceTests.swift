import Foundation
import Logging
import MediaWorkerService
import MediaWorkerSupport
import Testing

/// The listing watcher as a `MessageSource` over buckets in memory that honour conditional
/// writes: several watchers racing on one cursor, crashes, lease ends, retries and dead
/// letters, on a wall clock the test moves (no sleeping: interval 0, no wait).
@Suite("Listing watcher in process")
struct ListingMessageSourceTests {
    /// The watchers' wall clock.
    final class TestTime: Sendable {
        private let date = Locked(Date(timeIntervalSince1970: 1_800_000_000))
        var now: Date { date.withLock { $0 } }
        func advance(_ seconds: Double) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    static func source(_ bucket: InMemoryListingBucket, worker: String = "w1", run: String = "r1", time: TestTime = TestTime()) -> ListingMessageSource {
        ListingMessageSource(
            storage: bucket, bucket: "watch", prefix: "inputs/", deliveryBucket: "delivery", workerID: worker, interval: .zero, leaseSeconds: 300,
            waitSeconds: 0, maxAttempts: 3, logger: Logger(label: "test"), run: run, now: { time.now })
    }

    static func key(_ message: WorkMessage) throws -> String {
        guard case .uploads(let events) = try EventDecoder.decode(message.body), let event = events.first else { throw TestTools.Missing(description: "not an upload") }
        return "\(event.key) \(event.etag ?? "")"
    }

    static func cursor(_ bucket: InMemoryListingBucket) throws -> ListingCursor {
        try ListingCursor.decode(try #require(bucket.bytes("delivery", ListingCursorStore.key(bucket: "watch", prefix: "inputs/"))))
    }

    @Test("Three watchers racing over one cursor hand out every upload once, and a changed one once more")
    func racingWatchers() async throws {
        let bucket = InMemoryListingBucket(pageSize: 7)
        var expected: Set<String> = []
        for index in 0..<60 { expected.insert("inputs/n-\(index).srt \(bucket.upload("watch", "inputs/n-\(index).srt"))") }
        bucket.upload("watch", "inputs/big.mp4.CHUNK0")
        bucket.upload("watch", "other/outside.srt")
        let watchers = (1...3).map { Self.source(bucket, worker: "w\($0)", run: "r\($0)") }
        for watcher in watchers { try await watcher.prepare() }

        let handedOut = Locked<[String]>([])
        @Sendable func drain() async throws {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for watcher in watchers {
                    group.addTask {
                        while true {
                            let messages = try await watcher.receive(max: 3)
                            if messages.isEmpty { return }
                            for message in messages {
                                let key = try Self.key(message)
                                handedOut.withLock { $0.append(key) }
                                try await watcher.complete(message)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        try await drain()
        #expect(handedOut.withLock { $0 }.sorted() == expected.sorted())
        // New uploads and new versions of old keys come out once each, nothing else.
        var second: Set<String> = []
        for index in [3, 17, 59] { second.insert("inputs/n-\(index).srt \(bucket.upload("watch", "inputs/n-\(index).srt"))") }
        for index in 60..<70 { second.insert("inputs/n-\(index).srt \(bucket.upload("watch", "inputs/n-\(index).srt"))") }
        handedOut.withLock { $0 = [] }
        try await drain()
        #expect(handedOut.withLock { $0 }.sorted() == second.sorted())
        let cursor = try Self.cursor(bucket)
        #expect(cursor.objects.count == 70 && cursor.objects.values.allSatisfy { $0.state == .done })
        for watcher in watchers { #expect(try await watcher.pendingCount() == 0) }
    }

    @Test("A crashed watcher's claims come back at once when it starts again (attempt 2); no other watcher takes them while their lease runs")
    func restart() async throws {
        let bucket = InMemoryListingBucket()
        for name in ["a", "b", "c"] { bucket.upload("watch", "inputs/\(name).srt") }
        let time = TestTime()
        let crashed = Self.source(bucket, worker: "w1", run: "old", time: time)
        try await crashed.prepare()
        let held = try await crashed.receive(max: 2).map(Self.key)
        #expect(held.count == 2)
        let other = Self.source(bucket, worker: "w2", run: "x", time: time)
        try await other.prepare()
        let rest = try await other.receive(max: 10)
        #expect(try rest.map(Self.key) == ["inputs/c.srt 00000000000000000000000000000003"])
        try await other.complete(try #require(rest.first))
        #expect(try await other.receive(max: 10).isEmpty)
        #expect(try await other.pendingCount() == 2)

        let restarted = Self.source(bucket, worker: "w1", run: "new", time: time)
        try await restarted.prepare()
        let again = try await restarted.receive(max: 10)
        #expect(try again.map(Self.key) == held)
        #expect(again.map(\.attempt) == [2, 2])
        for message in again { try await restarted.complete(message) }
        #expect(try Self.cursor(bucket).objects.values.allSatisfy { $0.state == .done })
    }

    @Test("When a lease runs out another watcher takes the key; the first watcher's late settlement changes nothing; the heartbeat keeps a lease")
    func leaseRunsOut() async throws {
        let bucket = InMemoryListingBucket()
        bucket.upload("watch", "inputs/slow.srt")
        let time = TestTime()
        let first = Self.source(bucket, worker: "w1", run: "r1", time: time)
        let second = Self.source(bucket, worker: "w2", run: "r2", time: time)
        try await first.prepare()
        try await second.prepare()
        let message = try #require(try await first.receive(max: 1).first)
        #expect(first.heartbeatInterval == .seconds(100))
        time.advance(250)
        try await first.extend(message)
        time.advance(250)
        #expect(try await second.receive(max: 1).isEmpty)
        time.advance(51)
        let taken = try #require(try await second.receive(max: 1).first)
        #expect(taken.attempt == 2)
        let lost = await #expect(throws: WorkerError.self) { try await first.extend(message) }
        #expect(lost?.description.contains("raise VISIBILITY_TIMEOUT") == true, "\(String(describing: lost))")
        try await first.complete(message)
        #expect(try Self.cursor(bucket).objects["inputs/slow.srt"]?.state == .claimed)
        try await second.complete(taken)
        #expect(try Self.cursor(bucket).objects["inputs/slow.srt"]?.state == .done)
    }

    @Test("A retry comes back after its delay with the next attempt; a dead letter is kept in the delivery bucket and never handed out again")
    func retryAndDeadLetter() async throws {
        let bucket = InMemoryListingBucket()
        let etag = bucket.upload("watch", "inputs/bad file.mp4")
        let time = TestTime()
        let watcher = Self.source(bucket, time: time)
        try await watcher.prepare()
        let first = try #require(try await watcher.receive(max: 5).first)
        try await watcher.retry(first, afterSeconds: 60)
        #expect(try await watcher.receive(max: 5).isEmpty)
        #expect(try await watcher.pendingCount() == 1)
        time.advance(60)
        let second = try #require(try await watcher.receive(max: 5).first)
        #expect(second.attempt == 2 && second.body == first.body)
        try await watcher.deadLetter(second, reason: "invalid_media: no streams")
        let letters = bucket.keys("delivery").filter { $0.hasPrefix(".media-worker.dead-letters.") }
        #expect(letters.count == 1 && !letters[0].contains("/"))
        let letter = try #require(bucket.bytes("delivery", letters[0]))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(letter)) as? [String: Any])
        #expect(document["key"] as? String == "inputs/bad file.mp4" && document["etag"] as? String == etag && document["attempts"] as? Int == 2)
        #expect(document["reason"] as? String == "invalid_media: no streams")
        #expect(((document["message"] as? [String: Any])?["Records"] as? [Any])?.count == 1)
        #expect(try Self.cursor(bucket).objects["inputs/bad file.mp4"]?.state == .deadLettered)
        time.advance(86_400)
        #expect(try await watcher.receive(max: 5).isEmpty)
        #expect(try await watcher.pendingCount() == 0)
    }

    @Test("A cursor that cannot be read, or belongs to another prefix, stops the watcher with what to do")
    func unreadableCursor() async throws {
        let bucket = InMemoryListingBucket()
        let key = ListingCursorStore.key(bucket: "watch", prefix: "inputs/")
        bucket.put("delivery", key, bytes: Array("{not json".utf8))
        let garbled = await #expect(throws: WorkerError.self) { try await Self.source(bucket).prepare() }
        #expect(garbled?.description.contains("fix the JSON, or delete the object to start over") == true, "\(String(describing: garbled))")
        bucket.put("delivery", key, bytes: try ListingCursor(bucket: "watch", prefix: "elsewhere/").encoded())
        let foreign = await #expect(throws: WorkerError.self) { try await Self.source(bucket).prepare() }
        #expect(foreign?.description.contains("belongs to s3://watch/elsewhere/") == true, "\(String(describing: foreign))")
    }
}

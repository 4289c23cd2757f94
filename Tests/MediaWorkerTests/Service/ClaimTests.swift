import Foundation
import Logging
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService
import MediaWorkerSupport
import Testing

/// Claims across workers, over the in-memory store (which applies conditional writes under
/// one lock, as a store does): the decision without I/O, two workers on one event, a dead
/// worker's claim taken over, a live one waited for, a lost one that stops all writes, and a
/// store without conditional writes.
@Suite("Claims: one set of outputs across workers")
struct ClaimTests {
    static let srt = Array("1\n00:00:01,000 --> 00:00:02,500\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n".utf8)
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A wall clock the test moves.
    final class Wall: Sendable {
        private let value = Locked(ClaimTests.start)
        var now: Date { value.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    static func processor(
        _ store: InMemoryObjectStore, worker: String, mode: WorkerConfiguration.Claims.Mode = .auto, wall: Wall = Wall(),
        clock: any Clock<Duration> = ContinuousClock()
    ) -> UploadProcessor {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("mw-claims-\(UUID().uuidString.prefix(8))").path
        var configuration = WorkerConfiguration(queue: .sqs(url: "fake"), destinationBucket: "delivery", workDirectory: work, workerID: worker)
        configuration.work.minimumFreeBytes = 0
        configuration.claims.mode = mode
        configuration.claims.leaseSeconds = 60
        return UploadProcessor(
            store: store, configuration: configuration, workerName: "media-worker \(worker)", workerVersion: "test", options: { PipelineOptions() },
            logger: Logger(label: "test"), clock: clock, now: { wall.now })
    }

    static func event(_ store: InMemoryObjectStore, _ key: String) throws -> UploadEvent {
        let info = store.put(S3Location(bucket: "watch", key: key), bytes: srt)
        guard case .uploads(let events) = try EventDecoder.decode(FakeEvents.upload(key, etag: info.etag)) else { throw CancellationError() }
        return events[0]
    }

    static func claim(_ store: InMemoryObjectStore, _ key: String) throws -> UploadClaim? {
        let location = ClaimStore(store: store, bucket: "delivery", owner: "x", lease: 60).location(upload: key)
        guard let bytes = store.bytes("delivery", location.key) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(UploadClaim.self, from: Data(bytes))
    }

    @Test("the decision: none → create token 1; live other → wait; expired or released → take over, token + 1; mine → held")
    func decision() {
        let now = Self.start
        func claim(_ holder: String, token: Int, expires: TimeInterval, released: Bool = false) -> UploadClaim {
            UploadClaim(upload: "inputs/a.srt", etag: "e", owner: "w-\(holder)", holder: holder, token: token, acquiredAt: now, expiresAt: now.addingTimeInterval(expires), released: released)
        }
        func decide(_ existing: (claim: UploadClaim?, etag: String)?) -> ClaimDecision {
            ClaimDecision.decide(existing: existing, upload: "inputs/a.srt", etag: "e", owner: "w-me", holder: "me", now: now, lease: 60)
        }
        guard case .create(let created) = decide(nil) else { Issue.record("expected create"); return }
        #expect(created.token == 1 && created.expiresAt == now.addingTimeInterval(60) && !created.released)
        #expect(decide((claim("other", token: 4, expires: 10), "t1")) == .wait(holder: "w-other (token 4)", token: 4, until: now.addingTimeInterval(10)))
        guard case .takeOver(let expired, let etag) = decide((claim("other", token: 4, expires: -1), "t2")) else { Issue.record("expected take over"); return }
        #expect(expired.token == 5 && etag == "t2" && expired.holder == "me")
        guard case .takeOver(let afterRelease, _) = decide((claim("other", token: 7, expires: 50, released: true), "t3")) else { Issue.record("expected take over"); return }
        #expect(afterRelease.token == 8)
        guard case .takeOver(let unreadable, "t4") = decide((nil, "t4")) else { Issue.record("expected take over of an unreadable claim"); return }
        #expect(unreadable.token == 1)
        let mine = claim("me", token: 3, expires: 30)
        #expect(decide((mine, "t5")) == .held(mine, etag: "t5"))
        // This worker's live claim from a crashed process (same WORKER_ID, another job): taken over.
        var crashed = claim("old-process", token: 9, expires: 100)
        crashed.owner = "w-me"
        guard case .takeOver(let restarted, "t6") = decide((crashed, "t6")) else { Issue.record("expected take over of a crashed process's claim"); return }
        #expect(restarted.token == 10)
    }

    @Test("two workers on one event at the same moment, 50 times: one set of outputs, each written once, one token everywhere")
    func twoWorkers() async throws {
        let store = InMemoryObjectStore()
        let (a, b) = (Self.processor(store, worker: "a"), Self.processor(store, worker: "b"))
        try await a.prepare()
        try await b.prepare()
        var deferred = 0
        for index in 0..<50 {
            let key = "inputs/race/\(index).srt"
            let event = try Self.event(store, key)
            async let first = a.process(event, attempt: 1, isFinalAttempt: false, cancellation: MediaCancellation())
            async let second = b.process(event, attempt: 1, isFinalAttempt: false, cancellation: MediaCancellation())
            let outcomes = try await [first, second]
            #expect(outcomes.filter { $0.name == "completed" }.count == 1, "\(outcomes.map(\.name))")
            for case .deferred(_, let seconds) in outcomes {
                deferred += 1
                #expect(seconds >= 1 && seconds <= 61)
            }
            let record = try DeliveryReport.decode(Data(try #require(store.bytes("delivery", "json/race/\(index).srt.json"))))
            #expect(record.status == .complete)
            let token = try #require(record.claim?.token)
            for path in ["closed-caption/race/\(index).vtt", "original/race/\(index).srt", "json/race/\(index).srt.json"] {
                #expect(store.metadata("delivery", path)?[ClaimStore.tokenMetadata] == String(token), "\(path)")
            }
            #expect(try Self.claim(store, key)?.released == true, "the claim is released at the job's end")
        }
        let writes = store.writes("delivery")
        #expect(writes.count == 150)
        #expect(writes.values.allSatisfy { $0 == 1 }, "\(writes.filter { $0.value > 1 })")
        print("two workers, 50 events: \(deferred) deferred by the claim, \(50 - deferred) skipped as already COMPLETE")
    }

    @Test("a dead worker's expired claim is taken over: the outputs carry the next token")
    func takeOver() async throws {
        let store = InMemoryObjectStore()
        let wall = Wall()
        let processor = Self.processor(store, worker: "b", wall: wall)
        let key = "inputs/show/ep1.srt"
        let event = try Self.event(store, key)
        let claims = ClaimStore(store: store, bucket: "delivery", owner: "dead", lease: 60, now: { wall.now })
        guard case .held(let dead) = try await claims.acquire(upload: key, etag: event.etag ?? "") else { Issue.record("the dead worker's claim"); return }
        #expect(dead.token == 1)
        // While the dead worker's lease lasts, the job is deferred until it ends.
        let early = try await processor.process(event, attempt: 1, isFinalAttempt: false, cancellation: MediaCancellation())
        guard case .deferred(let reason, let seconds) = early else { Issue.record("expected deferred, got \(early.name)"); return }
        #expect(reason.contains("dead (token 1)") && seconds == 61, "\(reason) \(seconds)")
        #expect(store.keys("delivery").isEmpty)
        wall.advance(61)
        let outcome = try await processor.process(event, attempt: 2, isFinalAttempt: false, cancellation: MediaCancellation())
        #expect(outcome.name == "completed")
        #expect(outcome.report?.claim == ClaimStamp(token: 2, owner: "b"))
        #expect(store.metadata("delivery", "closed-caption/show/ep1.vtt")?[ClaimStore.tokenMetadata] == "2")
        // The dead worker, had it woken, could write nothing more: its lease is lost.
        let fenced = FencedStore(base: store, lease: dead, bucket: "delivery", recordKey: "json/show/ep1.srt.json")
        await #expect(throws: ClaimError.self) {
            _ = try await fenced.putObject(S3Location(bucket: "delivery", key: "json/show/ep1.srt.json"), bytes: [1], options: S3PutOptions())
        }
        #expect(throws: ClaimError.self) { try dead.check() }
        #expect(store.writes("delivery")["json/show/ep1.srt.json"] == 1)
    }

    @Test("on the final attempt a live claim is waited for, on the job's clock, then the record is read again")
    func finalAttemptWaits() async throws {
        let store = InMemoryObjectStore()
        let wall = Wall()
        let clock = ManualClock()
        let processor = Self.processor(store, worker: "b", wall: wall, clock: clock)
        let key = "inputs/show/ep3.srt"
        let event = try Self.event(store, key)
        let other = ClaimStore(store: store, bucket: "delivery", owner: "a", lease: 60, now: { wall.now })
        guard case .held(let lease) = try await other.acquire(upload: key, etag: event.etag ?? "") else { Issue.record("claim"); return }
        let job = Task { try await processor.process(event, attempt: 3, isFinalAttempt: true, cancellation: MediaCancellation()) }
        try await eventually("the job sleeps until the other lease ends") { clock.sleeperCount == 1 }
        #expect(store.keys("delivery").isEmpty)
        // The other worker releases; the waiting job wakes, claims and delivers.
        try await lease.release()
        clock.advance(by: .seconds(61))
        let outcome = try await job.value
        #expect(outcome.name == "completed")
        #expect(outcome.report?.claim?.token == 2)
    }

    @Test("a claim taken over mid-job: the fenced store refuses the record, and every later write")
    func lostClaim() async throws {
        let store = InMemoryObjectStore()
        let wall = Wall()
        let claims = ClaimStore(store: store, bucket: "delivery", owner: "a", lease: 60, now: { wall.now })
        guard case .held(let lease) = try await claims.acquire(upload: "inputs/x.srt", etag: "e") else { Issue.record("claim"); return }
        let fenced = FencedStore(base: store, lease: lease, bucket: "delivery", recordKey: "json/x.srt.json")
        _ = try await fenced.putObject(S3Location(bucket: "delivery", key: "closed-caption/x.vtt"), bytes: [1], options: S3PutOptions())
        #expect(store.metadata("delivery", "closed-caption/x.vtt")?[ClaimStore.tokenMetadata] == "1")
        // Another worker takes the claim over (as after an expiry): token 2.
        wall.advance(61)
        let taker = ClaimStore(store: store, bucket: "delivery", owner: "b", lease: 60, now: { wall.now })
        guard case .held(let second) = try await taker.acquire(upload: "inputs/x.srt", etag: "e") else { Issue.record("take over"); return }
        #expect(second.token == 2)
        wall.advance(-61)  // the first worker's clock still says its lease lasts
        await #expect(throws: ClaimError.self) {
            _ = try await fenced.putObject(S3Location(bucket: "delivery", key: "json/x.srt.json"), bytes: [2], options: S3PutOptions())
        }
        #expect(store.bytes("delivery", "json/x.srt.json") == nil, "no record from the job that lost its claim")
        await #expect(throws: ClaimError.self) {
            _ = try await fenced.putObject(S3Location(bucket: "delivery", key: "closed-caption/x.vtt"), bytes: [3], options: S3PutOptions())
        }
        #expect(store.bytes("delivery", "closed-caption/x.vtt") == [1])
        // Its release cannot undo the new claim either.
        await #expect(throws: ClaimError.self) { try await lease.release() }
        #expect(try Self.claim(store, "inputs/x.srt")?.token == 2)
        #expect(try Self.claim(store, "inputs/x.srt")?.released == false)
    }

    @Test("the renewal and the confirmation before the record, at the same moment, 50 times: neither loses the claim")
    func concurrentRewrites() async throws {
        let store = InMemoryObjectStore()
        let wall = Wall()
        let claims = ClaimStore(store: store, bucket: "delivery", owner: "a", lease: 60, now: { wall.now })
        guard case .held(let lease) = try await claims.acquire(upload: "inputs/z.srt", etag: "e") else { Issue.record("claim"); return }
        for _ in 0..<50 {
            wall.advance(1)
            async let renewal: Void = lease.renew()
            async let confirmation: Void = lease.confirm()
            _ = try await (renewal, confirmation)
        }
        try lease.check()
        try await lease.release()
        #expect(try Self.claim(store, "inputs/z.srt")?.released == true)
    }

    @Test("a lease that could not be renewed stops the writes before it runs out")
    func expiredLease() async throws {
        let store = InMemoryObjectStore()
        let wall = Wall()
        let claims = ClaimStore(store: store, bucket: "delivery", owner: "a", lease: 60, now: { wall.now })
        guard case .held(let lease) = try await claims.acquire(upload: "inputs/y.srt", etag: "e") else { Issue.record("claim"); return }
        try lease.check()
        wall.advance(49)
        try lease.check()
        wall.advance(2)  // within a sixth of the end
        #expect(throws: ClaimError.self) { try lease.check() }
        try await lease.renew()
        try lease.check()
    }

    @Test("a store without conditional writes: CLAIMS=auto warns and still delivers; CLAIMS=on refuses to start")
    func unsupported() async throws {
        let store = InMemoryObjectStore()
        store.refuseConditionalWrites()
        let automatic = Self.processor(store, worker: "a")
        try await automatic.prepare()
        let event = try Self.event(store, "inputs/plain.srt")
        let outcome = try await automatic.process(event, attempt: 1, isFinalAttempt: false, cancellation: MediaCancellation())
        #expect(outcome.name == "completed")
        #expect(outcome.report?.claim == nil)
        #expect(store.allKeys("delivery").allSatisfy { !$0.hasPrefix(".media-worker.claim.") }, "\(store.allKeys("delivery"))")

        let strict = Self.processor(store, worker: "b", mode: .on)
        await #expect(throws: WorkerError.self) { try await strict.prepare() }
        do {
            try await strict.prepare()
        } catch {
            #expect("\(error)".contains("CLAIMS=on") && "\(error)".contains("CLAIMS=auto"), "\(error)")
        }
    }

    @Test("CLAIMS and CLAIM_LEASE_SECONDS are read, and a wrong value is named")
    func configuration() throws {
        let base = ["QUEUE_URL": "http://q", "DESTINATION_BUCKET": "d"]
        let defaults = try WorkerConfiguration.fromEnvironment(base)
        #expect(defaults.claims.mode == .auto && defaults.claims.leaseSeconds == 120)
        let set = try WorkerConfiguration.fromEnvironment(base.merging(["CLAIMS": "off", "CLAIM_LEASE_SECONDS": "30"]) { $1 })
        #expect(set.claims.mode == .off && set.claims.leaseSeconds == 30)
        #expect(throws: WorkerConfigurationError.self) { try WorkerConfiguration.fromEnvironment(base.merging(["CLAIMS": "maybe"]) { $1 }) }
        do {
            _ = try WorkerConfiguration.fromEnvironment(base.merging(["CLAIMS": "maybe"]) { $1 })
        } catch {
            #expect(error.description.contains("CLAIMS=maybe: expected auto, on or off"))
        }
    }
}

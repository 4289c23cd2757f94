public import Foundation
public import Logging
import MediaWorkerS3
import MediaWorkerSigning
import MediaWorkerSupport

/// A watch bucket with no notifications at all (Garage, DigitalOcean Spaces, a plain
/// bucket): ListObjectsV2 of the watch prefix every `interval`, each new or changed object
/// (by ETag) one message. The decisions are ``ListingStateMachine``'s; the durable state is
/// the cursor in the delivery bucket (``ListingCursorStore``), shared by every watcher of the
/// prefix:
///
/// - an object is *claimed* in the cursor (a conditional write) before its message is handed
///   out, so concurrent watchers never hand out the same object; the claim holds for
///   `leaseSeconds`, renewed by the heartbeat;
/// - it is *done* only when its message is completed; a retry makes it claimable again after
///   the delay; a dead letter writes the body to `.media-worker.dead-letters.<hash>.json` in
///   the delivery bucket and marks the ETag dead-lettered;
/// - a claim of a crashed watcher is claimable again when its lease runs out, or at once when
///   a watcher with the same `WORKER_ID` starts (give each watcher its own).
public final class ListingMessageSource: MessageSource {
    /// The watch bucket and prefix listed.
    public let bucket: String
    public let prefix: String
    /// Where the cursor and the dead letters are kept.
    public let deliveryBucket: String
    /// Between two listings (`LISTING_INTERVAL_SECONDS`).
    public let interval: Duration
    /// The most a receive waits for work (`QUEUE_WAIT_SECONDS`).
    public let waitSeconds: Int
    /// The claims an ETag gets before its job is failed (`MAX_ATTEMPTS`).
    public let maxAttempts: Int
    /// How long a claim holds without a heartbeat (`VISIBILITY_TIMEOUT`).
    public let leaseSeconds: Int
    /// Where the watcher logs.
    public let logger: Logger
    /// The cursor and this watcher's copy of it.
    public let store: ListingCursorStore
    let storage: any ListingBucket
    let now: @Sendable () -> Date

    private struct Scan {
        /// The last listing's objects that wanted an event (less those claimed since).
        var wanted: [ListedObject] = []
        /// Watched objects of the last listing not settled for their ETag.
        var pending = 0
        var listedAt: ContinuousClock.Instant?
    }
    private let scan = Locked(Scan())
    private let inFlight = Locked<[String: ListingClaim]>([:])
    private let batches = Locked(0)

    /// - Parameters:
    ///   - storage: lists `bucket` and keeps the cursor and dead letters in `deliveryBucket`.
    ///   - workerID: names this watcher's claims; `run` tells this process's from earlier ones.
    ///   - interval: between listings; `waitSeconds`: the most a receive waits for work.
    public init(
        storage: any ListingBucket, bucket: String, prefix: String, deliveryBucket: String, workerID: String, interval: Duration,
        leaseSeconds: Int, waitSeconds: Int, maxAttempts: Int, logger: Logger, run: String = String(UUID().uuidString.prefix(8)).lowercased(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.storage = storage
        self.bucket = bucket
        self.prefix = prefix
        self.deliveryBucket = deliveryBucket
        self.interval = interval
        self.leaseSeconds = max(1, leaseSeconds)
        self.waitSeconds = max(0, waitSeconds)
        self.maxAttempts = maxAttempts
        self.logger = logger
        self.now = now
        let settings = ListingStateMachine.Settings(bucket: bucket, prefix: prefix, workerID: workerID, run: run, leaseSeconds: Double(self.leaseSeconds))
        self.store = ListingCursorStore(
            bucket: storage, location: S3Location(bucket: deliveryBucket, key: ListingCursorStore.key(bucket: bucket, prefix: prefix)), settings: settings)
    }

    /// `listing s3://bucket/prefix every N s`, for logs.
    public var description: String { "listing s3://\(bucket)/\(prefix) every \(interval.components.seconds) s" }
    /// A third of the lease.
    public var heartbeatInterval: Duration? { .seconds(max(1, leaseSeconds / 3)) }

    /// Checks that the store honours conditional writes, reads the cursor and releases what
    /// an earlier run of this worker still held.
    public func prepare() async throws {
        try await ListingWriteProbe.check(storage, bucket: deliveryBucket, run: store.machine.settings.run, logger: logger)
        try await store.refresh()
        let now = self.now
        let released = try await store.update { $0.releaseEarlierRuns(now: now()) }
        logger.info("listing watcher ready", metadata: [
            "bucket": "\(bucket)", "prefix": "\(prefix)", "cursor": "\(store.location)", "entries": "\(store.machine.cursor.objects.count)",
            "released": "\(released.count)",
        ])
    }

    /// Lists when the interval has passed, then claims up to `max` of what wants an event;
    /// waits up to `waitSeconds` (waking each second for due retries and lease ends).
    public func receive(max: Int) async throws -> [WorkMessage] {
        let deadline = ContinuousClock.now + .seconds(waitSeconds)
        while true {
            let listedAt = scan.withLock { $0.listedAt }
            if listedAt.map({ ContinuousClock.now >= $0 + interval }) ?? true { try await list() }
            // Not cancelled half-way (shutdown cancels a waiting receive): a claim written but
            // never handed out would hold its key until the lease ran out.
            let claims = try await Task { try await self.claim(limit: max) }.value
            if !claims.isEmpty { return claims.map(message) }
            let current = ContinuousClock.now
            guard current < deadline else { return [] }
            // Wake for the next listing, or within a second for a retry or lease coming due.
            let nextListing = (scan.withLock { $0.listedAt } ?? current) + interval
            try await Task.sleep(for: min(deadline - current, Swift.max(nextListing - current, .milliseconds(10)), .seconds(1)))
        }
    }

    /// The ETag is done.
    public func complete(_ message: WorkMessage) async throws {
        try await settle(message, "complete") { machine, claim, now in machine.complete(claim, now: now) }
    }

    /// The key is claimable again after `afterSeconds`, by any watcher.
    public func retry(_ message: WorkMessage, afterSeconds: Int) async throws {
        try await settle(message, "retry") { machine, claim, now in machine.retry(claim, afterSeconds: afterSeconds, now: now) }
    }

    /// Renews the claim's lease; throws when another watcher took the key meanwhile.
    public func extend(_ message: WorkMessage) async throws {
        guard let claim = inFlight.withLock({ $0[message.handle] }) else { return }
        let now = self.now
        guard try await store.update({ $0.extend(claim, now: now()) }) else {
            throw WorkerError(.queue, "the claim on s3://\(bucket)/\(claim.key) ran out and another watcher took it; raise VISIBILITY_TIMEOUT if jobs outlast it")
        }
    }

    /// Lists again and counts the watched objects not yet done for their ETag (new,
    /// claimed by any watcher, or waiting for a retry).
    public func pendingCount() async throws -> Int? {
        try await list()
        return scan.withLock { $0.pending }
    }

    /// Writes the body to a dead-letter object in the delivery bucket, then marks the ETag
    /// dead-lettered in the cursor.
    public func deadLetter(_ message: WorkMessage, reason: String) async throws {
        guard let claim = inFlight.withLock({ $0[message.handle] }) else { return }
        let location = ListingDeadLetter.location(bucket: deliveryBucket, watchBucket: bucket, claim: claim)
        try await storage.writeObject(
            location, bytes: ListingDeadLetter.document(claim: claim, bucket: bucket, body: message.body, reason: reason, workerID: store.machine.settings.workerID, at: now()))
        logger.error("dead-lettered: the event is kept in the delivery bucket", metadata: ["key": "\(claim.key)", "dead_letter": "\(location)"])
        try await settle(message, "dead letter") { machine, claim, now in machine.deadLetter(claim, now: now) }
    }

    /// One pass: the cursor read again, every page listed, what wants an event kept for the
    /// next claims, and keys no longer listed forgotten.
    private func list() async throws {
        let started = now()
        try await store.refresh()
        var wanted: [ListedObject] = []
        var listed = Set<String>()
        var pending = 0
        var token: String?
        repeat {
            let page = try await storage.listPage(bucket: bucket, prefix: prefix, continuationToken: token)
            let machine = store.machine
            for object in page.objects where ListingStateMachine.isWatched(object.key, prefix: prefix) { listed.insert(object.key) }
            wanted += machine.wanted(page.objects, now: now())
            pending += machine.pending(page.objects)
            token = page.nextToken
        } while token != nil
        scan.withLock { [wanted, pending] in $0 = Scan(wanted: wanted, pending: pending, listedAt: ContinuousClock.now) }
        let forgotten = try await store.update { [listed] in $0.prune(listed: listed, listedSince: started) }
        logger.debug("listed", metadata: ["objects": "\(listed.count)", "wanted": "\(wanted.count)", "pending": "\(pending)", "forgotten": "\(forgotten)"])
    }

    /// Claims up to `limit` of what the last listing wanted, in one conditional write.
    private func claim(limit: Int) async throws -> [ListingClaim] {
        let now = self.now
        let machine = store.machine
        let candidates = scan.withLock { scan in
            // Settled for its ETag: not wanted again until a listing shows another ETag.
            scan.wanted.removeAll { object in machine.cursor.objects[object.key].map { $0.isSettled && $0.etag == object.etag } ?? false }
            return scan.wanted.filter { machine.wants($0, now: now()) }
        }
        guard !candidates.isEmpty, limit > 0 else { return [] }
        let batch = "\(machine.settings.run).\(batches.withLock { $0 += 1; return $0 })"
        let claims = try await store.update { $0.claim(candidates, limit: limit, batch: batch, now: now()) }
        let claimed = Set(claims.map(\.key))
        scan.withLock { $0.wanted.removeAll { claimed.contains($0.key) } }
        inFlight.withLock { for claim in claims { $0[Self.handle(claim)] = claim } }
        return claims
    }

    private func message(_ claim: ListingClaim) -> WorkMessage {
        WorkMessage(
            id: "\(claim.id):\(Hex.encode(SHA256.hash(Array(claim.key.utf8))).prefix(12))", body: ListingEventBody.body(for: claim.object, bucket: bucket),
            attempt: claim.attempt, handle: Self.handle(claim))
    }

    private static func handle(_ claim: ListingClaim) -> String { "\(claim.id)\n\(claim.etag)\n\(claim.key)" }

    private func settle(
        _ message: WorkMessage, _ what: String, _ change: @escaping @Sendable (inout ListingStateMachine, ListingClaim, Date) -> Bool
    ) async throws {
        guard let claim = inFlight.withLock({ $0[message.handle] }) else { return }
        // Settled or not, the job is over: a claim left in the cursor runs out and is claimed again.
        defer { inFlight.withLock { $0[message.handle] = nil } }
        let now = self.now
        let held = try await store.update { change(&$0, claim, now()) }
        if !held {
            logger.warning(
                "\(what): the cursor no longer holds this claim (its lease ran out and another watcher took the key, or the change was already written); the job record decides",
                metadata: ["key": "\(claim.key)", "claim": "\(claim.id)"])
        }
    }
}

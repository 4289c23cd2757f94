public import Foundation
import MediaWorkerPipeline

/// The listing watcher's decisions as a plain value over the cursor: which listed objects
/// want an event, claiming them, and settling claims. No I/O and no clock: instants come in
/// as arguments, so every rule is tested without a store (`ListingStateMachineTests`).
///
/// The I/O around it (``ListingCursorStore``) applies each change to its copy of the cursor
/// and writes the result conditionally; when another watcher wrote first it reads the
/// cursor again and applies the same change again. Every change is therefore written to be
/// re-applied: to a newer cursor, and to a cursor that already holds the change itself (a
/// write whose answer was lost).
///
/// ```
///  (no entry, or another ETag) ─claim─▶ claimed ─complete──────▶ done
///                                 ▲        │ └──dead letter────▶ dead_lettered
///     lease ran out, or due ──────┤        ├─retry / release──▶ waiting (until due)
///                                 └────────┴───────────────────────────┘
/// ```
public struct ListingStateMachine: Sendable, Equatable {
    /// Who this watcher is and what it watches.
    public struct Settings: Sendable, Equatable {
        /// The watch bucket.
        public var bucket: String
        /// Ends in `/` (or is empty); only keys below it are watched.
        public var prefix: String
        /// `WORKER_ID`: the claims' owner.
        public var workerID: String
        /// This process's run: claims of `workerID` from other runs are a crashed run's.
        public var run: String
        /// How long a claim holds without a heartbeat.
        public var leaseSeconds: Double

        /// Settings for one watcher.
        public init(bucket: String, prefix: String, workerID: String, run: String, leaseSeconds: Double) {
            self.bucket = bucket
            self.prefix = prefix
            self.workerID = workerID
            self.run = run
            self.leaseSeconds = leaseSeconds
        }
    }

    /// Who decides.
    public let settings: Settings
    /// The state: this copy of the cursor, as changed so far.
    public private(set) var cursor: ListingCursor

    /// A machine over `cursor` (an empty one when `nil`).
    public init(settings: Settings, cursor: ListingCursor? = nil) {
        self.settings = settings
        self.cursor = cursor ?? ListingCursor(bucket: settings.bucket, prefix: settings.prefix)
    }

    /// Takes a cursor read from the store in place of this copy.
    public mutating func rebase(_ cursor: ListingCursor) {
        self.cursor = cursor
    }

    /// Whether a key is the watcher's at all: below the prefix, not a folder marker, not a
    /// plupload partial (`*.CHUNKn`), as the router decides. Other types still get an event:
    /// the router skips them (or probes them) and logs why.
    public static func isWatched(_ key: String, prefix: String) -> Bool {
        key.hasPrefix(prefix) && key.count > prefix.count && !key.hasSuffix("/") && MediaKind(fileName: key) != .uploadPartial
    }

    /// Whether `object` wants an event now: watched, and neither settled for its ETag, nor
    /// claimed under a lease still running (whatever the ETag: one claim per key at a time),
    /// nor waiting for a retry that is not yet due.
    public func wants(_ object: ListedObject, now: Date) -> Bool {
        guard Self.isWatched(object.key, prefix: settings.prefix) else { return false }
        guard let entry = cursor.objects[object.key] else { return true }
        switch entry.state {
        case .claimed: return (entry.until ?? .distantPast) <= now
        case .waiting: return entry.etag != object.etag || (entry.until ?? .distantPast) <= now
        case .done, .deadLettered: return entry.etag != object.etag
        }
    }

    /// A listing page's objects that want an event now.
    public func wanted(_ page: [ListedObject], now: Date) -> [ListedObject] {
        page.filter { wants($0, now: now) }
    }

    /// Watched objects of a listing not yet settled for their ETag (claimed, waiting or new):
    /// the work left, for `--drain`.
    public func pending(_ page: [ListedObject]) -> Int {
        page.count(where: { object in
            guard Self.isWatched(object.key, prefix: settings.prefix) else { return false }
            guard let entry = cursor.objects[object.key] else { return true }
            return !(entry.isSettled && entry.etag == object.etag)
        })
    }

    /// Claims up to `limit` of `objects` for this watcher under one claim id (`batch`): the
    /// events to hand out, in order. Objects this batch already holds (its earlier write
    /// did land) count as claimed; others claimed meanwhile are passed over.
    public mutating func claim(_ objects: [ListedObject], limit: Int, batch: String, now: Date) -> [ListingClaim] {
        var claims: [ListingClaim] = []
        for object in objects where claims.count < limit && !claims.contains(where: { $0.key == object.key }) {
            let previous = cursor.objects[object.key]
            if let previous, previous.state == .claimed, previous.claim == batch, previous.etag == object.etag {
                claims.append(ListingClaim(object: object, id: batch, attempt: previous.attempts))
                continue
            }
            guard wants(object, now: now) else { continue }
            let attempts = (previous?.etag == object.etag ? previous?.attempts ?? 0 : 0) + 1
            cursor.objects[object.key] = ListingCursor.Entry(
                etag: object.etag, state: .claimed, attempts: attempts, claim: batch, owner: settings.workerID,
                until: now.addingTimeInterval(settings.leaseSeconds), at: now)
            claims.append(ListingClaim(object: object, id: batch, attempt: attempts))
        }
        return claims
    }

    /// Whether the cursor still gives `claim` its key.
    public func holds(_ claim: ListingClaim) -> Bool {
        guard let entry = cursor.objects[claim.key] else { return false }
        return entry.state == .claimed && entry.claim == claim.id && entry.etag == claim.etag
    }

    /// The message was completed: the ETag is done. False (and nothing changed) when the
    /// claim was lost meanwhile (its lease ran out and another watcher claimed the key).
    public mutating func complete(_ claim: ListingClaim, now: Date) -> Bool {
        settle(claim, as: .done, until: nil, now: now)
    }

    /// The job failed for now: claimable again `afterSeconds` from now (0: at once, as at
    /// shutdown), by any watcher; the attempts so far are kept.
    public mutating func retry(_ claim: ListingClaim, afterSeconds: Int, now: Date) -> Bool {
        settle(claim, as: .waiting, until: now.addingTimeInterval(Double(max(0, afterSeconds))), now: now)
    }

    /// The message was dead-lettered: nothing more for this ETag (a new upload is new).
    public mutating func deadLetter(_ claim: ListingClaim, now: Date) -> Bool {
        settle(claim, as: .deadLettered, until: nil, now: now)
    }

    /// The heartbeat: the lease runs `leaseSeconds` from now. False when the claim was lost.
    public mutating func extend(_ claim: ListingClaim, now: Date) -> Bool {
        guard holds(claim) else { return false }
        cursor.objects[claim.key]?.until = now.addingTimeInterval(settings.leaseSeconds)
        return true
    }

    /// At startup: claims this worker's earlier runs still hold (a crash, SIGKILL) become
    /// claimable at once instead of when their leases run out. The keys released.
    public mutating func releaseEarlierRuns(now: Date) -> [String] {
        var released: [String] = []
        for (key, entry) in cursor.objects where entry.state == .claimed && entry.owner == settings.workerID {
            guard let claim = entry.claim, !claim.hasPrefix(settings.run + ".") else { continue }
            cursor.objects[key] = ListingCursor.Entry(etag: entry.etag, state: .waiting, attempts: entry.attempts, until: now, at: now)
            released.append(key)
        }
        return released.sorted()
    }

    /// Forgets keys a whole listing that began at `listedSince` did not see (deleted
    /// objects), unless claimed or changed since it began. The number forgotten.
    public mutating func prune(listed: Set<String>, listedSince: Date) -> Int {
        let gone = cursor.objects.filter { !listed.contains($0.key) && $0.value.state != .claimed && $0.value.at < listedSince }.map(\.key)
        for key in gone { cursor.objects[key] = nil }
        return gone.count
    }

    /// When something of `objects` becomes claimable without a new listing: the earliest
    /// due retry or lease end among them; `nil` for none.
    public func nextDue(_ objects: [ListedObject]) -> Date? {
        objects.compactMap { object -> Date? in
            guard let entry = cursor.objects[object.key], entry.state == .claimed || (entry.state == .waiting && entry.etag == object.etag) else { return nil }
            return entry.until
        }.min()
    }

    private mutating func settle(_ claim: ListingClaim, as state: ListingCursor.Entry.State, until: Date?, now: Date) -> Bool {
        guard holds(claim) else { return false }
        let attempts = cursor.objects[claim.key]?.attempts ?? claim.attempt
        cursor.objects[claim.key] = ListingCursor.Entry(etag: claim.etag, state: state, attempts: attempts, until: until, at: now)
        return true
    }
}

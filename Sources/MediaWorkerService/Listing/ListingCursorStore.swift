import Foundation
public import MediaWorkerS3
import MediaWorkerSigning
import MediaWorkerSupport

/// The cursor in the delivery bucket and this process's copy of it (in a
/// ``ListingStateMachine``). Every change is a function of the machine: it is applied to
/// the copy and the result written with `If-Match` on the copy's ETag (`If-None-Match: *`
/// while there is no cursor yet). When another watcher wrote first (412), the cursor is
/// read again and the same change applied to it: concurrent watchers never lose each
/// other's updates. Changes of one process are made one at a time.
public final class ListingCursorStore: Sendable {
    /// Where the cursor is read and written.
    public let bucket: any ListingBucket
    /// The cursor object (``key(bucket:prefix:)`` in the delivery bucket).
    public let location: S3Location
    /// Conflicts in a row before an update gives up (each one means another watcher's
    /// write went through, so they cannot go on for long).
    public static let maximumConflicts = 64

    private struct State {
        var machine: ListingStateMachine
        /// The ETag of the cursor the copy was read or written as; `nil` when there is none.
        var etag: String?
        /// Whether the copy came from the store (else it is read before the next change).
        var current = false
    }
    private let state: Locked<State>
    private let serial = KeyLocks()

    /// A store whose copy is read from `location` before its first change.
    public init(bucket: any ListingBucket, location: S3Location, settings: ListingStateMachine.Settings) {
        self.bucket = bucket
        self.location = location
        self.state = Locked(State(machine: ListingStateMachine(settings: settings)))
    }

    /// `.media-worker.listing-cursor.<16 hex of SHA-256("bucket\nprefix")>.json`: a flat key
    /// at the delivery bucket's root (moto's signature check refuses `/` in query values).
    public static func key(bucket: String, prefix: String) -> String {
        ".media-worker.listing-cursor.\(Hex.encode(SHA256.hash(Array("\(bucket)\n\(prefix)".utf8))).prefix(16)).json"
    }

    /// This process's copy.
    public var machine: ListingStateMachine { state.withLock { $0.machine } }

    /// Reads the cursor again (or starts an empty one when there is none).
    public func refresh() async throws {
        try await serial.withLock("cursor") { try await self.read() }
    }

    /// Applies `change` and writes the result; what `change` returned, from the version
    /// that was written. Nothing is written when `change` leaves the cursor as it was.
    @discardableResult
    public func update<T: Sendable>(_ change: @escaping @Sendable (inout ListingStateMachine) -> T) async throws -> T {
        try await serial.withLock("cursor") {
            var conflicts = 0
            while true {
                if !state.withLock({ $0.current }) { try await read() }
                var (machine, etag) = state.withLock { ($0.machine, $0.etag) }
                let before = machine.cursor
                let result = change(&machine)
                if machine.cursor == before { return result }
                do {
                    let written = try await bucket.writeState(location, bytes: try machine.cursor.encoded(), ifMatch: etag)
                    state.withLock { [machine] in $0 = State(machine: machine, etag: written, current: written != nil) }
                    return result
                } catch is ListingWriteConflict {
                    conflicts += 1
                    guard conflicts < Self.maximumConflicts else {
                        throw WorkerError(
                            .queue, "the listing cursor \(location) changed under \(conflicts) writes in a row; check that every watcher of this prefix runs the same media-worker version")
                    }
                    state.withLock { $0.current = false }
                    // A little jitter, so that watchers that lost together do not collide again.
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...20 * min(conflicts, 10))))
                }
            }
        }
    }

    private func read() async throws {
        let settings = state.withLock { $0.machine.settings }
        guard let (bytes, etag) = try await bucket.readState(location) else {
            state.withLock { $0 = State(machine: ListingStateMachine(settings: settings), etag: nil, current: true) }
            return
        }
        let cursor: ListingCursor
        do {
            cursor = try ListingCursor.decode(bytes)
        } catch {
            throw WorkerError(
                .queue,
                "the listing cursor \(location) is not readable (\(error)); fix the JSON, or delete the object to start over (every object under the prefix is then listed as new, and the job records skip those already COMPLETE)")
        }
        guard cursor.format <= ListingCursor.currentFormat else {
            throw WorkerError(.queue, "the listing cursor \(location) has format \(cursor.format), written by a newer media-worker; run that version here too")
        }
        guard cursor.bucket == settings.bucket, cursor.prefix == settings.prefix else {
            throw WorkerError(
                .queue, "the listing cursor \(location) belongs to s3://\(cursor.bucket)/\(cursor.prefix), not s3://\(settings.bucket)/\(settings.prefix); delete it or restore the right one")
        }
        state.withLock {
            $0.machine.rebase(cursor)
            $0.etag = etag
            $0.current = true
        }
    }
}

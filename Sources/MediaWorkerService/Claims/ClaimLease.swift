import Foundation
public import MediaWorkerS3
import MediaWorkerAWS
import MediaWorkerSupport

/// A held claim: its fencing token, renewed by ``keepRenewed(every:clock:logger:_:)`` while
/// the job runs, checked before every output is written, confirmed (renewed with `If-Match`)
/// right before the job record, and released when the job ends.
public final class ClaimLease: Sendable {
    private struct State {
        var claim: UploadClaim
        var etag: String
        var lost: ClaimError?
    }
    let store: ClaimStore
    public let location: S3Location
    private let state: Locked<State>

    init(store: ClaimStore, location: S3Location, claim: UploadClaim, etag: String) {
        self.store = store
        self.location = location
        self.state = Locked(State(claim: claim, etag: etag))
    }

    /// The fencing token: grows each time the upload's claim changes hands.
    public var token: Int { state.withLock { $0.claim.token } }
    public var claim: UploadClaim { state.withLock { $0.claim } }

    /// Throws unless the claim is still held with time to spare: not taken over, and its
    /// lease (as this worker's clock sees it) not within a sixth of its end.
    public func check() throws {
        let (claim, lost) = state.withLock { ($0.claim, $0.lost) }
        if let lost { throw lost }
        let margin = store.lease / 6
        if store.now().addingTimeInterval(margin) >= claim.expiresAt {
            throw ClaimError(.expired, "the claim on \(claim.upload) (token \(claim.token)) runs out at \(claim.expiresAt) and could not be renewed; nothing more is written, and the job will be retried")
        }
    }

    /// Extends the lease with `If-Match` on the claim's ETag. A refusal means another job took
    /// it over: the lease is lost for good.
    public func renew() async throws {
        try await rewrite { claim, now in claim.expiresAt = now.addingTimeInterval(self.store.lease) }
    }

    /// Renews the lease and checks it: the job record is written right after this.
    public func confirm() async throws {
        try await renew()
        try check()
    }

    /// Gives the claim up, so that the next job on the upload needs not wait for the lease.
    public func release() async throws {
        try await rewrite { claim, now in
            claim.released = true
            claim.expiresAt = now
        }
    }

    /// One conditional write of the claim. A refusal is read again before it counts as lost:
    /// the ETag may have moved under this very job (the renewal and the confirmation before
    /// the record racing each other, or a write the store applied without its answer
    /// arriving); the claim is lost only when another job's hold is stored.
    private func rewrite(_ change: @Sendable (inout UploadClaim, Date) -> Void) async throws {
        var refusal: (any Error & Sendable)?
        for _ in 0..<4 {
            let (current, etag, lost) = state.withLock { ($0.claim, $0.etag, $0.lost) }
            if let lost { throw lost }
            var next = current
            change(&next, store.now())
            do {
                let info = try await store.write(next, to: location, condition: .matches(etag: etag))
                state.withLock {
                    $0.claim = next
                    $0.etag = info.etag
                }
                return
            } catch let error as AWSServiceError where ClaimStore.isRace(error) {
                refusal = error
                guard let stored = try await store.read(location), let claim = stored.claim, claim.holder == current.holder, claim.token == current.token else {
                    break
                }
                state.withLock {
                    $0.claim = claim
                    $0.etag = stored.etag
                }
            }
        }
        let current = state.withLock { $0.claim }
        let lost = ClaimError(.lost, "another worker took over the claim on \(current.upload) (this job's token was \(current.token)); it writes nothing more", cause: refusal)
        state.withLock { $0.lost = lost }
        throw lost
    }

    /// Runs `body` while renewing the lease every `interval` on `clock`. A renewal that fails
    /// for a while is only logged: ``check()`` stops the writes once the lease runs out.
    public func keepRenewed<T: Sendable>(
        every interval: Duration, clock: any Clock<Duration>, onFailure: @escaping @Sendable (any Error) -> Void, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                while !Task.isCancelled {
                    do { try await clock.sleep(for: interval) } catch { return nil }
                    do {
                        try await self.renew()
                    } catch let error as ClaimError where error.code == .lost {
                        onFailure(error)
                        return nil
                    } catch {
                        onFailure(error)
                    }
                }
                return nil
            }
            defer { group.cancelAll() }
            while let item = try await group.next() {
                if let item { return item }
            }
            throw CancellationError()
        }
    }
}

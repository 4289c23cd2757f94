import Foundation
import MediaWorkerAWS
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerSupport

extension UploadProcessor {
    /// Checks that the delivery store takes conditional writes. Without them, `CLAIMS=on`
    /// refuses to start; `CLAIMS=auto` warns and works without claims (duplicates across
    /// workers may then write an upload's outputs twice).
    public func prepare() async throws {
        guard let claims else {
            logger.info("claims are off (CLAIMS=off): duplicates received by two workers at once may write outputs twice")
            return
        }
        do {
            try await claims.probe()
            logger.info("claims on: the delivery store takes conditional writes", metadata: ["lease_seconds": "\(Int(claims.lease))"])
        } catch let error as ClaimError where error.isUnsupported {
            if configuration.claims.mode == .on {
                throw WorkerError(.delivery, "CLAIMS=on, but \(error.message); use a store that supports them, or set CLAIMS=auto to run without claims", cause: error)
            }
            disableClaims(error)
        } catch {
            logger.warning("cannot check the delivery store's conditional writes now; claims stay on", metadata: ["error": "\(error)"])
        }
    }

    func disableClaims(_ error: ClaimError) {
        let wasOn = claimsEnabled.withLock { enabled in
            defer { enabled = false }
            return enabled
        }
        if wasOn {
            logger.warning(
                "claims off: \(error.message). Duplicates received by two workers at once may write an upload's outputs twice (docs/worker.md, Claims)")
        }
    }

    /// What the claim step decided: go on (holding the lease, or without claims), or end
    /// the job with this outcome.
    enum ClaimStep {
        case proceed(ClaimLease?)
        case stop(UploadOutcome)
    }

    /// Claims the upload. Another job's live claim defers this one (the message comes back
    /// when that lease ends); on the final attempt the job waits for it instead, since a
    /// deferral would spend the message's last delivery. Once held, the record is read again:
    /// the job that held the claim before may have delivered the upload.
    func claim(_ event: UploadEvent, head: S3ObjectInfo, claims: ClaimStore, isFinalAttempt: Bool) async throws -> ClaimStep {
        while true {
            let acquired: ClaimStore.Acquired
            do {
                acquired = try await claims.acquire(upload: event.key, etag: head.etag)
            } catch let error as ClaimError where error.isUnsupported {
                disableClaims(error)
                return .proceed(nil)
            }
            switch acquired {
            case .held(let lease):
                if let done = try await alreadyHandled(event, head: head) {
                    await release(lease)
                    return .stop(done)
                }
                return .proceed(lease)
            case .busy(let holder, let until):
                let seconds = max(1, Int(until.timeIntervalSince(claims.now()).rounded(.up)) + 1)
                let reason = "\(event.key) is claimed by \(holder) until \(until); this job leaves it to that one"
                guard isFinalAttempt else { return .stop(.deferred(reason, retryAfterSeconds: seconds)) }
                logger.info("final attempt: waiting for another worker's claim to end", metadata: ["key": "\(event.key)", "holder": "\(holder)", "seconds": "\(seconds)"])
                try await clock.sleep(for: .seconds(seconds))
                if let done = try await alreadyHandled(event, head: head) { return .stop(done) }
            }
        }
    }

    /// Gives the claim up at the job's end (best effort: an unreleased claim ends with its lease).
    func release(_ lease: ClaimLease?) async {
        guard let lease else { return }
        do {
            // Its own task, so that a job cancelled at shutdown still releases its claim.
            try await Task { try await lease.release() }.value
        } catch {
            logger.debug("cannot release the upload's claim; it ends with its lease", metadata: ["key": "\(lease.claim.upload)", "error": "\(error)"])
        }
    }

    /// The outcome when the upload needs no job: its record already says COMPLETE or
    /// SUBMITTED for this object, or comes from a later event.
    func alreadyHandled(_ event: UploadEvent, head: S3ObjectInfo) async throws -> UploadOutcome? {
        let metadataLocation = records.location(upload: event.key)
        guard let existing = try await records.read(upload: event.key) else { return nil }
        if let rerun = event.rerun, SourceDelivery.sameETag(existing.input.etag ?? "", head.etag) {
            return Self.rerunHandled(rerun, existing: existing, location: "\(metadataLocation)")
        }
        if SourceDelivery.sameETag(existing.input.etag ?? "", head.etag) {
            if existing.status == .complete { return .skipped("duplicate: \(metadataLocation) already says COMPLETE for ETag \(head.etag)") }
            if existing.status == .submitted { return .skipped("duplicate: \(metadataLocation) already says SUBMITTED (MediaConvert job \(existing.job?.id ?? "?"))") }
        }
        if event.isNewer(thanSequencer: existing.input.sequencer) == false {
            return .skipped("stale: \(metadataLocation) comes from a later event (sequencer \(existing.input.sequencer ?? "") > \(event.sequencer ?? ""))")
        }
        return nil
    }
}

public import Foundation

/// What a job does about an upload's claim, decided from what the claim object holds now:
/// a plain function of its inputs (no I/O), tested on its own.
public enum ClaimDecision: Sendable, Equatable {
    /// No claim object: create one with `If-None-Match: *`.
    case create(UploadClaim)
    /// A released or expired claim: replace it with `If-Match` on its ETag, token + 1.
    case takeOver(UploadClaim, ifMatch: String)
    /// This job's own claim is already there (a write the store applied whose answer was lost).
    case held(UploadClaim, etag: String)
    /// Another worker's job holds a live claim: leave the upload until `until` (its lease's
    /// end). A live claim of this same worker (`WORKER_ID`) is a crashed process's: taken over.
    case wait(holder: String, token: Int, until: Date)

    /// The step for a job of `owner`/`holder` on `upload`@`etag` at `now`, given the
    /// current claim object (its body and ETag) if there is one. An unreadable body counts as
    /// expired: it is replaced (with `If-Match`, so still by one job only).
    public static func decide(
        existing: (claim: UploadClaim?, etag: String)?, upload: String, etag: String, owner: String, holder: String, now: Date, lease: TimeInterval
    ) -> ClaimDecision {
        let mine = { (token: Int) in
            UploadClaim(upload: upload, etag: etag, owner: owner, holder: holder, token: token, acquiredAt: now, expiresAt: now.addingTimeInterval(lease))
        }
        guard let existing else { return .create(mine(1)) }
        guard let claim = existing.claim else { return .takeOver(mine(1), ifMatch: existing.etag) }
        if claim.holder == holder, !claim.released { return .held(claim, etag: existing.etag) }
        // This worker's own claim from an earlier process (it crashed and restarted): within a
        // process one job at a time works on a key, so no live job holds it.
        if claim.isLive(at: now), claim.owner != owner {
            return .wait(holder: "\(claim.owner) (token \(claim.token))", token: claim.token, until: claim.expiresAt)
        }
        return .takeOver(mine(claim.token + 1), ifMatch: existing.etag)
    }
}

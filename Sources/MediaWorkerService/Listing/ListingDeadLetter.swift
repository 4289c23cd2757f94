public import Foundation
public import MediaWorkerS3
import MediaWorkerSigning

/// The listing watcher's dead-letter queue: one object per dead-lettered event in the
/// delivery bucket, `.media-worker.dead-letters.<16 hex of SHA-256("bucket\nkey\netag")>.json`
/// (flat, like the cursor), holding the event body as it was handed out, the reason, the
/// attempts and who gave up on it.
public enum ListingDeadLetter {
    /// The dead letters' common key prefix (flat, at the bucket's root).
    public static let prefix = ".media-worker.dead-letters."

    /// Where the dead letter of `claim` goes in the delivery `bucket`.
    public static func location(bucket: String, watchBucket: String, claim: ListingClaim) -> S3Location {
        let hash = Hex.encode(SHA256.hash(Array("\(watchBucket)\n\(claim.key)\n\(claim.etag)".utf8))).prefix(16)
        return S3Location(bucket: bucket, key: "\(prefix)\(hash).json")
    }

    /// The dead letter: the body as handed out (JSON), the reason, key, ETag, attempts,
    /// worker and time.
    public static func document(claim: ListingClaim, bucket: String, body: String, reason: String, workerID: String, at: Date) -> [UInt8] {
        let event = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) ?? body
        let document: [String: Any] = [
            "bucket": bucket, "key": claim.key, "etag": claim.etag, "attempts": claim.attempt, "reason": reason, "worker": workerID,
            "dead_lettered_at": at.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)), "message": event,
        ]
        return Array((try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
    }
}

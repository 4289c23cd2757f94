public import Foundation
public import MediaWorkerS3
import MediaWorkerAWS
import MediaWorkerSigning

/// The claim objects in the delivery bucket, one per upload key, read and written only
/// with conditions. ``acquire(upload:etag:)`` either holds the claim (a ``ClaimLease``)
/// or says who does and until when.
public struct ClaimStore: Sendable {
    /// A flat prefix at the delivery bucket's root, beside the other worker state.
    public static let prefix = ".media-worker.claim."
    /// The user metadata name every output carries the fencing token under.
    public static let tokenMetadata = "media-worker-claim-token"
    public let store: any ObjectStore
    public let bucket: String
    /// This worker's name (`WORKER_ID`).
    public let owner: String
    /// How long a claim holds without renewal.
    public let lease: TimeInterval
    let now: @Sendable () -> Date

    public init(store: any ObjectStore, bucket: String, owner: String, lease: TimeInterval, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.bucket = bucket
        self.owner = owner
        self.lease = lease
        self.now = now
    }

    /// What ``acquire(upload:etag:)`` found.
    public enum Acquired: Sendable {
        case held(ClaimLease)
        /// Another job holds it; its lease ends at `until` unless renewed.
        case busy(holder: String, until: Date)
    }

    /// The claim object's location for an upload key.
    public func location(upload key: String) -> S3Location {
        S3Location(bucket: bucket, key: Self.prefix + String(Hex.encode(SHA256.hash(Array(key.utf8))).prefix(32)) + ".json")
    }

    /// Claims `upload` for a job on its object `etag`. A lost race (412, or 409 while another
    /// conditional write is in flight) is read again and decided anew.
    public func acquire(upload: String, etag: String) async throws -> Acquired {
        let location = location(upload: upload)
        let holder = UUID().uuidString
        var lastRace: (any Error & Sendable)?
        for _ in 0..<5 {
            let existing = try await read(location)
            let decision = ClaimDecision.decide(
                existing: existing, upload: upload, etag: etag, owner: owner, holder: holder, now: now(), lease: lease)
            let claim: UploadClaim
            let condition: S3WriteCondition
            switch decision {
            case .wait(let other, _, let until):
                return .busy(holder: other, until: until)
            case .held(let mine, let currentETag):
                // A write of ours that the store applied though its answer was lost.
                return .held(ClaimLease(store: self, location: location, claim: mine, etag: currentETag))
            case .create(let made):
                (claim, condition) = (made, .absent)
            case .takeOver(let made, let ifMatch):
                (claim, condition) = (made, .matches(etag: ifMatch))
            }
            do {
                let info = try await write(claim, to: location, condition: condition)
                return .held(ClaimLease(store: self, location: location, claim: claim, etag: info.etag))
            } catch let error as AWSServiceError where Self.isRace(error) {
                lastRace = error
            }
        }
        throw ClaimError(.lost, "\(location) changed hands five times in a row while this job tried to claim \(upload); the job will be retried", cause: lastRace)
    }

    /// The claim object and its ETag; `nil` when there is none; a `nil` claim for a body
    /// that does not decode.
    func read(_ location: S3Location) async throws -> (claim: UploadClaim?, etag: String)? {
        do {
            let contents = try await store.getObject(location, maxBytes: 64 << 10)
            return (try? UploadClaim.decode(contents.bytes), contents.info.etag)
        } catch let error as AWSServiceError where error.status == 404 {
            return nil
        }
    }

    /// A conditional write of `claim`; a store that refuses conditions is ``ClaimError`` unsupported.
    func write(_ claim: UploadClaim, to location: S3Location, condition: S3WriteCondition) async throws -> S3ObjectInfo {
        do {
            return try await store.putObject(
                location, bytes: try claim.encoded(), options: S3PutOptions(contentType: "application/json", cacheControl: "no-cache"), condition: condition)
        } catch let error as AWSServiceError where Self.isUnsupported(error) {
            throw ClaimError(.unsupported, "the delivery store refuses conditional writes (\(error.code) \(error.status)); claims need If-None-Match and If-Match on PutObject", cause: error)
        }
    }

    /// Checks that the store honours `If-None-Match: *`: a probe object written twice must be
    /// refused the second time. Throws ``ClaimError`` unsupported when it is not.
    public func probe() async throws {
        let location = S3Location(bucket: bucket, key: Self.prefix + "probe." + UUID().uuidString.lowercased() + ".json")
        let outcome: Result<Void, any Error>
        do {
            outcome = .success(try await probeTwice(location))
        } catch {
            outcome = .failure(error)
        }
        try? await store.deleteObject(location)
        try outcome.get()
    }

    /// A 412 on the first create is that create's own lost answer, sent again (the key is new):
    /// the object exists, and the second create must be refused too.
    private func probeTwice(_ location: S3Location) async throws {
        let body = Array(#"{"probe":true}"#.utf8)
        let options = S3PutOptions(contentType: "application/json", cacheControl: "no-cache")
        for attempt in 1...2 {
            do {
                _ = try await store.putObject(location, bytes: body, options: options, condition: .absent)
            } catch let error as AWSServiceError where error.status == 412 {
                if attempt == 2 { return }
            } catch let error as AWSServiceError where Self.isUnsupported(error) {
                throw ClaimError(.unsupported, "the delivery store refuses If-None-Match on PutObject (\(error.code), HTTP \(error.status))", cause: error)
            }
        }
        throw ClaimError(.unsupported, "the delivery store ignores If-None-Match: * (a second create of one key succeeded)")
    }

    static func isRace(_ error: AWSServiceError) -> Bool { error.status == 412 || error.status == 409 }

    /// 501 NotImplemented (S3's answer to a header it does not implement), or a 400 that names
    /// the conditional header.
    static func isUnsupported(_ error: AWSServiceError) -> Bool {
        error.status == 501 || error.code == "NotImplemented"
            || (error.status == 400 && (error.message.contains("If-None-Match") || error.message.contains("If-Match")))
    }
}

public import Foundation

/// The claim object of one upload key (`.media-worker.claim.<hash>.json` in the delivery
/// bucket): which worker's job may write the upload's outputs, until when, and under which
/// fencing token. It is only ever written with a condition (`If-None-Match: *` to create,
/// `If-Match` to renew, release or take over), so two jobs cannot both hold it.
public struct UploadClaim: Codable, Sendable, Equatable {
    /// The upload's key in the watch bucket.
    public var upload: String
    /// The source object's ETag the job works on.
    public var etag: String
    /// The worker (`WORKER_ID`) holding it.
    public var owner: String
    /// This hold's own id (one per job run), so a retried write recognizes itself.
    public var holder: String
    /// Grows by one each time the claim changes hands; written into every output's
    /// `x-amz-meta-media-worker-claim-token` and the job record.
    public var token: Int
    public var acquiredAt: Date
    /// The lease's end; the heartbeat renews it. Past it, another worker may take over.
    public var expiresAt: Date
    /// The job ended (delivered, failed or dropped): the next claim may be taken at once.
    public var released: Bool

    public init(upload: String, etag: String, owner: String, holder: String, token: Int, acquiredAt: Date, expiresAt: Date, released: Bool = false) {
        self.upload = upload
        self.etag = etag
        self.owner = owner
        self.holder = holder
        self.token = token
        self.acquiredAt = acquiredAt
        self.expiresAt = expiresAt
        self.released = released
    }

    /// Whether another job must leave the upload alone at `now`.
    public func isLive(at now: Date) -> Bool { !released && expiresAt > now }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }

    static func decode(_ bytes: [UInt8]) throws -> UploadClaim {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(UploadClaim.self, from: Data(bytes))
    }
}

public import Foundation
public import MediaWorkerS3
import MediaWorkerAWS

/// The MediaConvert jobs media-worker submitted and has not yet seen end, kept in the
/// delivery bucket (one small object per job, `<prefix><job id>.json`) so that completion by
/// polling survives a restart: any worker's poller picks up every entry, and an entry is
/// removed once the job's record says COMPLETE or FAILED.
public struct SubmittedJobIndex: Sendable {
    /// A flat prefix at the bucket's root: listing it needs no `/` in the query, which moto's
    /// signature check mishandles (S3 itself does not mind).
    public static let prefix = ".media-worker.mediaconvert-submitted."
    public let s3: S3Client
    public let bucket: String

    /// One submitted job: its id and its job record's key.
    public struct Entry: Codable, Sendable, Equatable {
        public var jobID: String
        public var metadataKey: String
        public var submittedAt: Date

        enum CodingKeys: String, CodingKey {
            case jobID = "job_id"
            case metadataKey = "metadata_key"
            case submittedAt = "submitted_at"
        }

        public init(jobID: String, metadataKey: String, submittedAt: Date) {
            self.jobID = jobID
            self.metadataKey = metadataKey
            self.submittedAt = submittedAt
        }
    }

    public init(s3: S3Client, bucket: String) {
        self.s3 = s3
        self.bucket = bucket
    }

    private func location(_ jobID: String) -> S3Location {
        let safe = String(jobID.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" ? Character($0) : "_" })
        return S3Location(bucket: bucket, key: Self.prefix + safe + ".json")
    }

    public func add(_ entry: Entry) async throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        _ = try await s3.putObject(
            location(entry.jobID), bytes: Array(try encoder.encode(entry)), options: S3PutOptions(contentType: "application/json", cacheControl: "no-cache"))
    }

    /// Every entry; unreadable ones are skipped (and left for an operator to see).
    public func entries() async throws -> [Entry] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var entries: [Entry] = []
        for object in try await s3.listAllObjects(bucket: bucket, prefix: Self.prefix) {
            let bytes: [UInt8]
            do {
                bytes = try await s3.getObjectBytes(S3Location(bucket: bucket, key: object.key), maxBytes: 64 << 10)
            } catch let error as AWSServiceError where error.status == 404 {
                continue
            }
            // An unreadable entry stays for an operator to see; it never blocks the others.
            if let entry = try? decoder.decode(Entry.self, from: Data(bytes)) { entries.append(entry) }
        }
        return entries
    }

    public func remove(jobID: String) async throws {
        try await s3.deleteObject(location(jobID))
    }
}

import Foundation
public import MediaWorkerS3
import MediaWorkerAWS
import MediaWorkerPipeline
import MediaWorkerSigning

/// What both backends do with the upload itself: check that it is still the object the
/// event named, and copy it untouched to `original/<path>` inside S3.
public struct SourceDelivery: Sendable {
    public let store: any ObjectStore
    public let destinationBucket: String

    public init(store: any ObjectStore, destinationBucket: String) {
        self.store = store
        self.destinationBucket = destinationBucket
    }

    /// Media delivered under these Cache-Control values: outputs are replaced when the same
    /// key is uploaded again, so caches revalidate daily; the metadata and playlists always.
    static let mediaCacheControl = "public, max-age=86400"
    static let revalidate = "no-cache"

    /// The untouched original, copied inside S3 to `original/<path>`, unless that copy is
    /// already there (same size and ETag or full-object CRC-32C: an earlier attempt made it).
    func copyOriginal(_ source: S3Location, head: S3ObjectInfo, layout: DeliveryLayout) async throws {
        let destination = S3Location(bucket: destinationBucket, key: layout.original)
        if let stored = try? await store.headObject(destination), stored.size == head.size,
            (!head.isMultipart && Self.sameETag(stored.etag, head.etag))
                || (S3Client.fullObjectCRC32C(stored).map { $0 == S3Client.fullObjectCRC32C(head) } ?? false)
        {
            return
        }
        _ = try await store.copyObject(
            from: source, to: S3Location(bucket: destinationBucket, key: layout.original),
            options: S3PutOptions(contentType: head.contentType ?? ContentTypes.forPath(source.key), cacheControl: Self.mediaCacheControl))
    }

    /// Fails with ``WorkerError/Code/superseded`` when the source changed while the job ran.
    func checkStillCurrent(_ source: S3Location, etag: String) async throws {
        let now: S3ObjectInfo
        do {
            now = try await store.headObject(source)
        } catch let error as AWSServiceError where error.status == 404 {
            throw WorkerError(.superseded, "\(source) was deleted while it was processed; nothing delivered")
        }
        guard Self.sameETag(now.etag, etag) else {
            throw WorkerError(.superseded, "\(source) was replaced while it was processed (ETag \(etag) → \(now.etag)); the newer upload's event delivers it")
        }
    }

    static func sameETag(_ left: String, _ right: String) -> Bool {
        left.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) == right.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }

    /// A job's folder name: a hash of the bucket, key and ETag.
    static func jobName(_ source: S3Location, etag: String) -> String {
        String(Hex.encode(SHA256.hash(Array("\(source.bucket)\n\(source.key)\n\(etag)".utf8))).prefix(24))
    }
}

import Foundation
import MediaWorkerAWS
public import MediaWorkerS3

/// The listing watcher's store on S3: ListObjectsV2, GetObject, and PutObject with
/// `If-Match` / `If-None-Match: *` (`S3Client+Conditional.swift`).
extension S3Client: ListingBucket {
    /// One ListObjectsV2 page.
    public func listPage(bucket: String, prefix: String, continuationToken: String?) async throws -> (objects: [ListedObject], nextToken: String?) {
        let page = try await listObjects(bucket: bucket, prefix: prefix, continuationToken: continuationToken)
        return (page.objects.map { ListedObject(key: $0.key, etag: $0.etag, size: $0.size, lastModified: $0.lastModified) }, page.nextContinuationToken)
    }

    /// GetObject with its ETag; `nil` on 404.
    public func readState(_ location: S3Location) async throws -> (bytes: [UInt8], etag: String)? {
        do {
            let (bytes, info) = try await getObjectWithInfo(location, maxBytes: 256 << 20)
            return (bytes, info.etag)
        } catch let error as AWSServiceError where error.status == 404 {
            return nil
        }
    }

    /// A conditional PutObject; 412 (or 409 `ConditionalRequestConflict`) is a ``ListingWriteConflict``.
    public func writeState(_ location: S3Location, bytes: [UInt8], ifMatch: String?) async throws -> String? {
        do {
            let info = try await putObject(
                location, bytes: bytes, options: S3PutOptions(contentType: "application/json", cacheControl: "no-cache"),
                ifMatch: ifMatch, ifNoneMatch: ifMatch == nil ? "*" : nil)
            return info.etag.isEmpty ? nil : info.etag
        } catch where S3Client.isConditionFailure(error) {
            throw ListingWriteConflict(location: location)
        }
    }

    /// A plain PutObject of JSON.
    public func writeObject(_ location: S3Location, bytes: [UInt8]) async throws {
        _ = try await putObject(location, bytes: bytes, options: S3PutOptions(contentType: "application/json", cacheControl: "no-cache"))
    }

    /// DeleteObject.
    public func removeObject(_ location: S3Location) async throws {
        try await deleteObject(location)
    }
}

public import MediaWorkerS3

/// What the listing watcher needs of the store, as one small interface: ``S3Client`` is
/// the real one (`S3Client+ListingBucket.swift`); the tests use one in memory that honours
/// the same conditions, so several watchers can race inside one test process.
public protocol ListingBucket: Sendable {
    /// One page of ListObjectsV2 under `prefix`; `nextToken` is `nil` on the last.
    func listPage(bucket: String, prefix: String, continuationToken: String?) async throws -> (objects: [ListedObject], nextToken: String?)
    /// A small object's bytes and ETag; `nil` when there is none.
    func readState(_ location: S3Location) async throws -> (bytes: [UInt8], etag: String)?
    /// Writes `bytes` only if the object still has ETag `ifMatch`, or, with `nil`, does not
    /// exist yet. Returns the new ETag (`nil` when the store did not say); throws
    /// ``ListingWriteConflict`` when the condition failed.
    func writeState(_ location: S3Location, bytes: [UInt8], ifMatch: String?) async throws -> String?
    /// An unconditional write (dead letters).
    func writeObject(_ location: S3Location, bytes: [UInt8]) async throws
    /// Removes an object (the startup probe); succeeds when there is none.
    func removeObject(_ location: S3Location) async throws
}

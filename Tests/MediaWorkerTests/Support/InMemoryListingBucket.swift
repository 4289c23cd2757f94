import Foundation
import MediaWorkerS3
import MediaWorkerService
import MediaWorkerSupport

/// Buckets in memory that answer the listing watcher as S3 does: ListObjectsV2 in key order
/// in pages of `pageSize`, ETags that change with every write, and conditional writes that
/// fail (``ListingWriteConflict``) when the ETag moved on, so several watchers can race in
/// one test process. Counts conditional writes and their conflicts.
final class InMemoryListingBucket: ListingBucket, Sendable {
    private struct State {
        var objects: [String: (bytes: [UInt8], etag: String)] = [:]
        var version = 0
        var writes = 0
        var conflicts = 0
    }
    private let state = Locked(State())
    let pageSize: Int

    init(pageSize: Int = 1000) { self.pageSize = pageSize }

    private static func name(_ location: S3Location) -> String { location.bucket + "/" + location.key }

    /// An upload: a new ETag for the key.
    @discardableResult
    func upload(_ bucket: String, _ key: String, bytes: [UInt8] = Array("x".utf8)) -> String {
        state.withLock { state in
            state.version += 1
            let etag = String(format: "%032x", state.version)
            state.objects[bucket + "/" + key] = (bytes, etag)
            return etag
        }
    }

    func bytes(_ bucket: String, _ key: String) -> [UInt8]? { state.withLock { $0.objects[bucket + "/" + key]?.bytes } }
    func keys(_ bucket: String) -> [String] {
        state.withLock { $0.objects.keys.filter { $0.hasPrefix(bucket + "/") }.map { String($0.dropFirst(bucket.count + 1)) }.sorted() }
    }
    func put(_ bucket: String, _ key: String, bytes: [UInt8]) { _ = upload(bucket, key, bytes: bytes) }
    var conditionalWrites: (writes: Int, conflicts: Int) { state.withLock { ($0.writes, $0.conflicts) } }

    func listPage(bucket: String, prefix: String, continuationToken: String?) async throws -> (objects: [ListedObject], nextToken: String?) {
        state.withLock { state in
            let all = state.objects.filter { $0.key.hasPrefix(bucket + "/" + prefix) }.sorted { $0.key < $1.key }
                .map { ListedObject(key: String($0.key.dropFirst(bucket.count + 1)), etag: $0.value.etag, size: Int64($0.value.bytes.count)) }
            let after = all.filter { continuationToken == nil || $0.key > continuationToken! }
            let page = Array(after.prefix(pageSize))
            return (page, after.count > pageSize ? page.last?.key : nil)
        }
    }

    func readState(_ location: S3Location) async throws -> (bytes: [UInt8], etag: String)? {
        state.withLock { $0.objects[Self.name(location)] }.map { ($0.bytes, $0.etag) }
    }

    func writeState(_ location: S3Location, bytes: [UInt8], ifMatch: String?) async throws -> String? {
        try state.withLock { state in
            state.writes += 1
            guard state.objects[Self.name(location)]?.etag == ifMatch else {
                state.conflicts += 1
                throw ListingWriteConflict(location: location)
            }
            state.version += 1
            let etag = String(format: "%032x", state.version)
            state.objects[Self.name(location)] = (bytes, etag)
            return etag
        }
    }

    func writeObject(_ location: S3Location, bytes: [UInt8]) async throws {
        put(location.bucket, location.key, bytes: bytes)
    }

    func removeObject(_ location: S3Location) async throws {
        state.withLock { _ = $0.objects.removeValue(forKey: Self.name(location)) }
    }
}

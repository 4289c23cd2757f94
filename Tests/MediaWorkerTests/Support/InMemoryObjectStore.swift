import Foundation
import MediaWorkerAWS
import MediaWorkerS3
import MediaWorkerSigning
import MediaWorkerSupport

/// Buckets in the test process's memory, answering as S3 does where the worker looks: a
/// missing object is a 404 `AWSServiceError`, the ETag is the MD5 of the bytes, every write
/// is counted per key (so a test sees an output written twice).
final class InMemoryObjectStore: ObjectStore, Sendable {
    struct Object: Sendable {
        var bytes: [UInt8]
        var info: S3ObjectInfo
    }
    private let state = Locked<(objects: [String: Object], writes: [String: Int], order: [String])>(([:], [:], []))

    private static func name(_ location: S3Location) -> String { location.bucket + "/" + location.key }

    /// The worker's own state objects (claims, the submitted-job index) start so; ``keys(_:)``,
    /// ``writes(_:)`` and ``writeOrder`` leave them out, so they show what was delivered.
    static let workerState = ".media-worker."

    /// Delivered keys in `bucket` (worker state left out), sorted.
    func keys(_ bucket: String) -> [String] {
        allKeys(bucket).filter { !$0.hasPrefix(Self.workerState) }
    }

    /// Every key in `bucket`, worker state included, sorted.
    func allKeys(_ bucket: String) -> [String] {
        state.withLock { $0.objects.keys.filter { $0.hasPrefix(bucket + "/") }.map { String($0.dropFirst(bucket.count + 1)) }.sorted() }
    }

    func listKeys(bucket: String, prefix: String) async throws -> [String] {
        allKeys(bucket).filter { $0.hasPrefix(prefix) }
    }

    func bytes(_ bucket: String, _ key: String) -> [UInt8]? { state.withLock { $0.objects[bucket + "/" + key]?.bytes } }

    /// How many times each delivered key of `bucket` was written (worker state left out).
    func writes(_ bucket: String) -> [String: Int] {
        state.withLock { state in
            Dictionary(uniqueKeysWithValues: state.writes.filter { $0.key.hasPrefix(bucket + "/") }.map { (String($0.key.dropFirst(bucket.count + 1)), $0.value) })
        }.filter { !$0.key.hasPrefix(Self.workerState) }
    }

    /// Every write of a delivered object in order, as `bucket/key` (worker state left out).
    var writeOrder: [String] { allWriteOrder.filter { !$0.split(separator: "/", maxSplits: 1).last!.hasPrefix(Self.workerState) } }

    /// Every write in order, worker state included.
    var allWriteOrder: [String] { state.withLock { $0.order } }

    /// Makes conditional writes fail as a store without them does (501 NotImplemented).
    func refuseConditionalWrites() { refusesConditions.withLock { $0 = true } }
    private let refusesConditions = Locked(false)

    /// Makes reads of `location` fail as a bucket policy that denies them does (403 AccessDenied).
    func forbid(_ location: S3Location) { forbidden.withLock { _ = $0.insert(Self.name(location)) } }
    private let forbidden = Locked<Set<String>>([])

    @discardableResult
    func put(_ location: S3Location, bytes: [UInt8], contentType: String? = nil, cacheControl: String? = nil, metadata: [String: String] = [:]) -> S3ObjectInfo {
        // Cannot fail without a condition.
        try! put(location, bytes: bytes, contentType: contentType, cacheControl: cacheControl, metadata: metadata, condition: nil)
    }

    /// A write, applied only when `condition` holds (checked and applied under one lock, as
    /// a store does): else a 412 `PreconditionFailed`.
    private func put(
        _ location: S3Location, bytes: [UInt8], contentType: String?, cacheControl: String?, metadata: [String: String], condition: S3WriteCondition?
    ) throws -> S3ObjectInfo {
        let hasher = try! DigestHasher(.md5)
        hasher.update(bytes)
        let etag = Hex.encode(hasher.finalize())
        let info = S3ObjectInfo(size: Int64(bytes.count), etag: etag, contentType: contentType, cacheControl: cacheControl, metadata: metadata)
        if condition != nil, refusesConditions.withLock({ $0 }) {
            throw AWSServiceError(
                code: "NotImplemented", message: "A header you provided implies functionality that is not implemented", status: 501, service: "s3",
                operation: "PutObject", resource: "s3://\(location.bucket)/\(location.key)")
        }
        let applied = state.withLock { state -> Bool in
            let current = state.objects[Self.name(location)]
            switch condition {
            case .absent: if current != nil { return false }
            case .matches(let expected): if current?.info.etag != expected.trimmingCharacters(in: ["\""]) { return false }
            case nil: break
            }
            state.objects[Self.name(location)] = Object(bytes: bytes, info: info)
            state.writes[Self.name(location), default: 0] += 1
            state.order.append(Self.name(location))
            return true
        }
        guard applied else {
            throw AWSServiceError(
                code: "PreconditionFailed", message: "At least one of the pre-conditions you specified did not hold", status: 412, service: "s3",
                operation: "PutObject", resource: "s3://\(location.bucket)/\(location.key)")
        }
        return info
    }

    /// The user metadata an object was written with.
    func metadata(_ bucket: String, _ key: String) -> [String: String]? { state.withLock { $0.objects[bucket + "/" + key]?.info.metadata } }

    func putObject(_ location: S3Location, bytes: [UInt8], options: S3PutOptions, condition: S3WriteCondition) async throws -> S3ObjectInfo {
        try put(location, bytes: bytes, contentType: options.contentType, cacheControl: options.cacheControl, metadata: options.metadata, condition: condition)
    }

    func getObject(_ location: S3Location, maxBytes: Int) async throws -> S3ObjectContents {
        let object = try object(location, "GetObject")
        return S3ObjectContents(bytes: object.bytes, info: object.info)
    }

    func deleteObject(_ location: S3Location) async throws {
        state.withLock { _ = $0.objects.removeValue(forKey: Self.name(location)) }
    }

    private func object(_ location: S3Location, _ operation: String) throws -> Object {
        if forbidden.withLock({ $0.contains(Self.name(location)) }) {
            throw AWSServiceError(
                code: "AccessDenied", message: "Access Denied", status: 403, service: "s3", operation: operation, resource: "s3://\(location.bucket)/\(location.key)")
        }
        guard let object = state.withLock({ $0.objects[Self.name(location)] }) else {
            throw AWSServiceError(
                code: "NoSuchKey", message: "The specified key does not exist.", status: 404, service: "s3", operation: operation,
                resource: "s3://\(location.bucket)/\(location.key)")
        }
        return object
    }

    func headObject(_ location: S3Location) async throws -> S3ObjectInfo { try object(location, "HeadObject").info }

    func download(_ location: S3Location, toFile path: String) async throws -> S3ObjectInfo {
        let object = try object(location, "GetObject")
        try Data(object.bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        return object.info
    }

    func upload(_ location: S3Location, file path: String, options: S3PutOptions) async throws -> S3ObjectInfo {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return put(location, bytes: Array(data), contentType: options.contentType, cacheControl: options.cacheControl, metadata: options.metadata)
    }

    func putObject(_ location: S3Location, bytes: [UInt8], options: S3PutOptions) async throws -> S3ObjectInfo {
        put(location, bytes: bytes, contentType: options.contentType, cacheControl: options.cacheControl, metadata: options.metadata)
    }

    func getObjectBytes(_ location: S3Location, maxBytes: Int) async throws -> [UInt8] {
        let object = try object(location, "GetObject")
        guard object.bytes.count <= maxBytes else {
            throw AWSServiceError(code: "TooLarge", message: "over \(maxBytes) bytes", status: 0, service: "s3", operation: "GetObject", resource: location.key)
        }
        return object.bytes
    }

    func copyObject(from source: S3Location, to destination: S3Location, options: S3PutOptions?) async throws -> S3ObjectInfo {
        let object = try object(source, "CopyObject")
        return put(
            destination, bytes: object.bytes, contentType: options?.contentType ?? object.info.contentType, cacheControl: options?.cacheControl,
            metadata: options?.metadata ?? object.info.metadata)
    }
}

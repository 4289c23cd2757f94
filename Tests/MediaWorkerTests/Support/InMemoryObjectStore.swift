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

    /// Keys in `bucket`, sorted.
    func keys(_ bucket: String) -> [String] {
        state.withLock { $0.objects.keys.filter { $0.hasPrefix(bucket + "/") }.map { String($0.dropFirst(bucket.count + 1)) }.sorted() }
    }

    func bytes(_ bucket: String, _ key: String) -> [UInt8]? { state.withLock { $0.objects[bucket + "/" + key]?.bytes } }

    /// How many times each key of `bucket` was written.
    func writes(_ bucket: String) -> [String: Int] {
        state.withLock { state in
            Dictionary(uniqueKeysWithValues: state.writes.filter { $0.key.hasPrefix(bucket + "/") }.map { (String($0.key.dropFirst(bucket.count + 1)), $0.value) })
        }
    }

    /// Every write in order, as `bucket/key`.
    var writeOrder: [String] { state.withLock { $0.order } }

    @discardableResult
    func put(_ location: S3Location, bytes: [UInt8], contentType: String? = nil, cacheControl: String? = nil) -> S3ObjectInfo {
        let hasher = try! DigestHasher(.md5)
        hasher.update(bytes)
        let etag = Hex.encode(hasher.finalize())
        let info = S3ObjectInfo(size: Int64(bytes.count), etag: etag, contentType: contentType, cacheControl: cacheControl)
        state.withLock {
            $0.objects[Self.name(location)] = Object(bytes: bytes, info: info)
            $0.writes[Self.name(location), default: 0] += 1
            $0.order.append(Self.name(location))
        }
        return info
    }

    private func object(_ location: S3Location, _ operation: String) throws -> Object {
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
        return put(location, bytes: Array(data), contentType: options.contentType, cacheControl: options.cacheControl)
    }

    func putObject(_ location: S3Location, bytes: [UInt8], options: S3PutOptions) async throws -> S3ObjectInfo {
        put(location, bytes: bytes, contentType: options.contentType, cacheControl: options.cacheControl)
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
        return put(destination, bytes: object.bytes, contentType: options?.contentType ?? object.info.contentType, cacheControl: options?.cacheControl)
    }
}

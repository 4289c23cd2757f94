import Foundation
public import MediaWorkerS3
import MediaWorkerAWS

/// Where an upload's job record (the metadata JSON, ``DeliveryReport``) lives, and the one
/// way it is read and written:
/// - its key comes from the delivery layout (``DeliveryLayout/metadata``);
/// - reading: a missing, empty or unreadable body is "no record" (an unreadable one is
///   reported through `onUnreadable` and replaced by the next write);
/// - writing: `application/json`, `Cache-Control: no-cache`, and always the last object a
///   job writes, so a reader that sees COMPLETE finds every output in place.
///
/// ``S3JobRecordStore`` serves the worker; ``FileJobRecordStore`` serves `media-worker process`.
public protocol JobRecordStore: Sendable {
    /// The record for the upload `key`, if there is a readable one.
    func read(upload key: String) async throws -> DeliveryReport?
    /// Writes `report` under its upload's key.
    func write(_ report: DeliveryReport) async throws
}

extension JobRecordStore {
    /// The record's key (relative to the delivery root) for an upload key.
    public static func key(upload key: String) -> String { DeliveryLayout(key: key).metadata }

    /// Decodes a stored body: `nil` for an empty one; throws for an unreadable one.
    static func decode(_ bytes: [UInt8]) throws -> DeliveryReport? {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        return try DeliveryReport.decode(Data(bytes))
    }
}

/// Job records in the delivery bucket, `json/<path>.json`.
public struct S3JobRecordStore: JobRecordStore {
    public let store: any ObjectStore
    public let bucket: String
    let onUnreadable: @Sendable (S3Location, any Error) -> Void
    public static let maxBytes = 16 << 20

    public init(store: any ObjectStore, bucket: String, onUnreadable: @escaping @Sendable (S3Location, any Error) -> Void = { _, _ in }) {
        self.store = store
        self.bucket = bucket
        self.onUnreadable = onUnreadable
    }

    /// The same records, read and written through `store` (a job's fenced view).
    public func with(store: any ObjectStore) -> S3JobRecordStore {
        S3JobRecordStore(store: store, bucket: bucket, onUnreadable: onUnreadable)
    }

    public func location(upload key: String) -> S3Location {
        S3Location(bucket: bucket, key: Self.key(upload: key))
    }

    public func read(upload key: String) async throws -> DeliveryReport? {
        let location = location(upload: key)
        let bytes: [UInt8]
        do {
            bytes = try await store.getObjectBytes(location, maxBytes: Self.maxBytes)
        } catch let error as AWSServiceError where error.status == 404 {
            return nil
        }
        do {
            return try Self.decode(bytes)
        } catch {
            onUnreadable(location, error)
            return nil
        }
    }

    public func write(_ report: DeliveryReport) async throws {
        _ = try await store.putObject(
            location(upload: report.input.key), bytes: Array(try report.encoded()),
            options: S3PutOptions(contentType: "application/json", cacheControl: "no-cache"))
    }
}

/// Job records under a local delivery root (`media-worker process --output-dir`), written
/// atomically (beside the final name, then renamed).
public struct FileJobRecordStore: JobRecordStore {
    public let root: String
    let onUnreadable: @Sendable (String, any Error) -> Void

    public init(root: String, onUnreadable: @escaping @Sendable (String, any Error) -> Void = { _, _ in }) {
        self.root = root
        self.onUnreadable = onUnreadable
    }

    public func path(upload key: String) -> String {
        (root as NSString).appendingPathComponent(Self.key(upload: key))
    }

    public func read(upload key: String) async throws -> DeliveryReport? {
        let path = path(upload: key)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try Self.decode(Array(data))
        } catch {
            onUnreadable(path, error)
            return nil
        }
    }

    public func write(_ report: DeliveryReport) async throws {
        let path = path(upload: report.input.key)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try report.encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

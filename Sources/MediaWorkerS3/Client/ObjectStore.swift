/// The object operations the worker's upload path uses, as one small interface: the
/// ``S3Client`` is the real one; the tests give the upload processor an in-memory store so
/// that the whole worker runs inside the test process. A missing object is an
/// `AWSServiceError` with status 404, as S3 answers.
public protocol ObjectStore: Sendable {
    func headObject(_ location: S3Location) async throws -> S3ObjectInfo
    /// The whole object into a local file (written beside it, then renamed).
    func download(_ location: S3Location, toFile path: String) async throws -> S3ObjectInfo
    /// A local file as one object (multipart when large).
    func upload(_ location: S3Location, file path: String, options: S3PutOptions) async throws -> S3ObjectInfo
    func putObject(_ location: S3Location, bytes: [UInt8], options: S3PutOptions) async throws -> S3ObjectInfo
    /// A small object's bytes, refused past `maxBytes`.
    func getObjectBytes(_ location: S3Location, maxBytes: Int) async throws -> [UInt8]
    /// A server-side copy (the original into the delivery bucket).
    func copyObject(from source: S3Location, to destination: S3Location, options: S3PutOptions?) async throws -> S3ObjectInfo
    /// A write the store applies only when `condition` holds (else a 412 `AWSServiceError`).
    func putObject(_ location: S3Location, bytes: [UInt8], options: S3PutOptions, condition: S3WriteCondition) async throws -> S3ObjectInfo
    /// A small object's bytes with its ETag and metadata, refused past `maxBytes`.
    func getObject(_ location: S3Location, maxBytes: Int) async throws -> S3ObjectContents
    /// Removes an object (no error when it does not exist).
    func deleteObject(_ location: S3Location) async throws
    /// The keys under `prefix` in `bucket`, every page.
    func listKeys(bucket: String, prefix: String) async throws -> [String]
}

extension S3Client: ObjectStore {
    public func listKeys(bucket: String, prefix: String) async throws -> [String] {
        try await listAllObjects(bucket: bucket, prefix: prefix).map(\.key)
    }

    @discardableResult
    public func download(_ location: S3Location, toFile path: String) async throws -> S3ObjectInfo {
        try await download(location, toFile: path, progress: nil)
    }

    @discardableResult
    public func upload(_ location: S3Location, file path: String, options: S3PutOptions) async throws -> S3ObjectInfo {
        try await upload(location, file: path, options: options, progress: nil)
    }

    @discardableResult
    public func copyObject(from source: S3Location, to destination: S3Location, options: S3PutOptions?) async throws -> S3ObjectInfo {
        try await copyObject(from: source, to: destination, options: options, multipartCopyThreshold: 5 << 30)
    }
}

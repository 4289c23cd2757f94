public import MediaWorkerS3

/// One job's view of the store while it holds an upload's claim: reads pass through; every
/// write into the delivery bucket is checked against the lease first and carries the
/// fencing token as `x-amz-meta-media-worker-claim-token`; the job record's write is
/// preceded by a confirmation of the claim (a renewal with `If-Match`), so a job whose claim
/// was taken over cannot write it.
public struct FencedStore: ObjectStore {
    public let base: any ObjectStore
    public let lease: ClaimLease
    /// The delivery bucket.
    public let bucket: String
    /// The job record's key in it.
    public let recordKey: String

    public init(base: any ObjectStore, lease: ClaimLease, bucket: String, recordKey: String) {
        self.base = base
        self.lease = lease
        self.bucket = bucket
        self.recordKey = recordKey
    }

    private func fenced(_ location: S3Location, _ options: S3PutOptions) async throws -> S3PutOptions {
        guard location.bucket == bucket else { return options }
        if location.key == recordKey { try await lease.confirm() } else { try lease.check() }
        var options = options
        options.metadata[ClaimStore.tokenMetadata] = String(lease.token)
        return options
    }

    public func headObject(_ location: S3Location) async throws -> S3ObjectInfo { try await base.headObject(location) }

    public func download(_ location: S3Location, toFile path: String) async throws -> S3ObjectInfo { try await base.download(location, toFile: path) }

    public func upload(_ location: S3Location, file path: String, options: S3PutOptions) async throws -> S3ObjectInfo {
        try await base.upload(location, file: path, options: try await fenced(location, options))
    }

    public func putObject(_ location: S3Location, bytes: [UInt8], options: S3PutOptions) async throws -> S3ObjectInfo {
        try await base.putObject(location, bytes: bytes, options: try await fenced(location, options))
    }

    public func putObject(_ location: S3Location, bytes: [UInt8], options: S3PutOptions, condition: S3WriteCondition) async throws -> S3ObjectInfo {
        try await base.putObject(location, bytes: bytes, options: try await fenced(location, options), condition: condition)
    }

    public func getObjectBytes(_ location: S3Location, maxBytes: Int) async throws -> [UInt8] { try await base.getObjectBytes(location, maxBytes: maxBytes) }

    public func getObject(_ location: S3Location, maxBytes: Int) async throws -> S3ObjectContents { try await base.getObject(location, maxBytes: maxBytes) }

    /// A copy into the delivery bucket always replaces the metadata (to carry the token):
    /// without options, the source's content type is kept.
    public func copyObject(from source: S3Location, to destination: S3Location, options: S3PutOptions?) async throws -> S3ObjectInfo {
        guard destination.bucket == bucket else { return try await base.copyObject(from: source, to: destination, options: options) }
        let given: S3PutOptions
        if let options {
            given = options
        } else {
            let head = try await base.headObject(source)
            given = S3PutOptions(contentType: head.contentType, cacheControl: head.cacheControl, metadata: head.metadata)
        }
        return try await base.copyObject(from: source, to: destination, options: try await fenced(destination, given))
    }

    public func listKeys(bucket: String, prefix: String) async throws -> [String] { try await base.listKeys(bucket: bucket, prefix: prefix) }

    public func deleteObject(_ location: S3Location) async throws {
        if location.bucket == bucket { try lease.check() }
        try await base.deleteObject(location)
    }
}

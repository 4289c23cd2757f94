/// Conditional writes and reads that return the ETag, for the worker's claims.
extension S3Client {
    /// PutObject of bytes that the store applies only when `condition` holds; a refusal is an
    /// `AWSServiceError` with status 412 (`PreconditionFailed`), or 409 (`ConditionalRequestConflict`)
    /// when another conditional write of the key is in progress.
    @discardableResult
    public func putObject(_ location: S3Location, bytes: [UInt8], options: S3PutOptions = S3PutOptions(), condition: S3WriteCondition) async throws -> S3ObjectInfo {
        try await putObject(location, bytes: bytes, options: options, extraHeaders: [condition.header])
    }

    /// GetObject into memory, with the object's ETag and metadata.
    public func getObject(_ location: S3Location, maxBytes: Int) async throws -> S3ObjectContents {
        let response = try await aws.send(request("GetObject", "GET", location), sink: .collect(maxBytes: maxBytes))
        return S3ObjectContents(bytes: response.body, info: S3ObjectInfo(headers: response.headers, size: Int64(response.body.count)))
    }
}

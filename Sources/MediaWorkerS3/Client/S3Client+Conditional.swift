import Foundation
import MediaWorkerAWS

/// Conditional writes and reads that return the ETag: the worker's claims and the listing
/// watcher's cursor. Stores checked to honour `If-None-Match: *` and `If-Match` on
/// PutObject: moto 5.2, LocalStack, SeaweedFS 4.48 (which answers 412 PreconditionFailed).
extension S3Client {
    /// PutObject of bytes that the store applies only when `condition` holds; a refusal is an
    /// `AWSServiceError` with status 412 (`PreconditionFailed`), or 409 (`ConditionalRequestConflict`)
    /// when another conditional write of the key is in progress.
    @discardableResult
    public func putObject(_ location: S3Location, bytes: [UInt8], options: S3PutOptions = S3PutOptions(), condition: S3WriteCondition) async throws -> S3ObjectInfo {
        try await putObject(location, bytes: bytes, options: options, extraHeaders: [condition.header])
    }

    /// The same with the two headers spelled out: `ifMatch` (an ETag) or `ifNoneMatch: "*"`.
    @discardableResult
    public func putObject(
        _ location: S3Location, bytes: [UInt8], options: S3PutOptions = S3PutOptions(), ifMatch: String?, ifNoneMatch: String?
    ) async throws -> S3ObjectInfo {
        var headers: [(String, String)] = []
        if let ifMatch { headers.append(S3WriteCondition.matches(etag: ifMatch).header) }
        if let ifNoneMatch { headers.append(("If-None-Match", ifNoneMatch)) }
        return try await putObject(location, bytes: bytes, options: options, extraHeaders: headers)
    }

    /// GetObject into memory, with the object's ETag and metadata.
    public func getObject(_ location: S3Location, maxBytes: Int) async throws -> S3ObjectContents {
        let response = try await aws.send(request("GetObject", "GET", location), sink: .collect(maxBytes: maxBytes))
        return S3ObjectContents(bytes: response.body, info: S3ObjectInfo(headers: response.headers, size: Int64(response.body.count)))
    }

    /// ``getObject(_:maxBytes:)`` as a pair.
    public func getObjectWithInfo(_ location: S3Location, maxBytes: Int = 64 << 20) async throws -> (bytes: [UInt8], info: S3ObjectInfo) {
        let contents = try await getObject(location, maxBytes: maxBytes)
        return (contents.bytes, contents.info)
    }

    /// Whether `error` says a conditional write lost: 412 `PreconditionFailed`, or 409
    /// `ConditionalRequestConflict` (a concurrent conditional write of the same key).
    public static func isConditionFailure(_ error: any Error) -> Bool {
        guard let error = error as? AWSServiceError else { return false }
        return error.status == 412 || (error.status == 409 && error.code == "ConditionalRequestConflict")
    }
}

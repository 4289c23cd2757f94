import Foundation
import MediaWorkerAWS
import MediaWorkerHTTP

// Conditional writes of small state objects that several workers update (the listing
// watcher's cursor), and a read that returns the ETag to make the next write conditional on.
// Kept in this file on its own, apart from `S3PutOptions`, so that a `condition` member of
// the options can take its place later: only `putObject(_:bytes:options:ifMatch:ifNoneMatch:)`
// and `getObjectWithInfo(_:maxBytes:)` are used outside.
//
// Stores checked to honour both headers on PutObject: AWS S3, moto 5.2, LocalStack,
// SeaweedFS 4.48 (which answers 412 PreconditionFailed).
extension S3Client {
    /// PutObject of bytes in memory, only if a condition holds:
    ///
    /// - `ifMatch`: the object exists with this ETag (`If-Match: "etag"`, quotes added);
    /// - `ifNoneMatch: "*"`: no object exists under the key yet (`If-None-Match: *`).
    ///
    /// When the condition fails S3 answers 412 `PreconditionFailed`, thrown as an
    /// `AWSServiceError` with status 412 (see ``isConditionFailure(_:)``); AWS answers 409
    /// `ConditionalRequestConflict` while another conditional write of the key is in
    /// progress. A retried request whose first try did succeed also gets 412: callers make
    /// their change idempotent and read the object again.
    @discardableResult
    public func putObject(
        _ location: S3Location, bytes: [UInt8], options: S3PutOptions = S3PutOptions(), ifMatch: String?, ifNoneMatch: String?
    ) async throws -> S3ObjectInfo {
        var headers = options.headers
        if let ifMatch { headers.append(("If-Match", "\"\(ifMatch.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))\"")) }
        if let ifNoneMatch { headers.append(("If-None-Match", ifNoneMatch)) }
        let checksum = try S3Checksums.of(configuration.checksum, bytes: bytes)
        headers += checksum.headers
        let response = try await aws.send(request("PutObject", "PUT", location, headers: headers, body: bytes.isEmpty ? .empty : .bytes(bytes)))
        return Self.stored(S3ObjectInfo(headers: response.headers, size: Int64(bytes.count)), checksum: checksum)
    }

    /// GetObject into memory, with what the response says of the object (its ETag above
    /// all, for a later `ifMatch`). Refused past `maxBytes`.
    public func getObjectWithInfo(_ location: S3Location, maxBytes: Int = 64 << 20) async throws -> (bytes: [UInt8], info: S3ObjectInfo) {
        let response = try await aws.send(request("GetObject", "GET", location), sink: .collect(maxBytes: maxBytes))
        return (response.body, S3ObjectInfo(headers: response.headers, size: Int64(response.body.count)))
    }

    /// Whether `error` says a conditional write lost: 412 `PreconditionFailed`, or 409
    /// `ConditionalRequestConflict` (a concurrent conditional write of the same key).
    public static func isConditionFailure(_ error: any Error) -> Bool {
        guard let error = error as? AWSServiceError else { return false }
        return error.status == 412 || (error.status == 409 && error.code == "ConditionalRequestConflict")
    }
}

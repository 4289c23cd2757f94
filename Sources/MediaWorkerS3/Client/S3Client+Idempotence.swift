import MediaWorkerAWS
import MediaWorkerHTTP

/// Writes that are not repeated when they already took effect.
extension S3Client {
    /// For a PutObject's retry: HeadObject, and the HEAD's answer when the object is already
    /// the one being written (same size, same checksum as sent, same user metadata), which
    /// happens when the server stored it but its answer was lost (a reset, a timeout).
    func storedAlready(_ location: S3Location, size: Int64, checksum: S3Checksum, metadata: [String: String]) -> @Sendable () async -> HTTPResponse? {
        { [self] in
            guard
                let response = try? await aws.send(request("HeadObject", "HEAD", location, headers: [("x-amz-checksum-mode", "ENABLED")]), retry: RetryPolicy(maxAttempts: 1))
            else { return nil }
            let info = S3ObjectInfo(headers: response.headers, size: Int64(response.headers.value(of: "Content-Length") ?? "") ?? -1)
            guard info.size == size, Self.matches(info, checksum), info.metadata == Dictionary(uniqueKeysWithValues: metadata.map { ($0.key.lowercased(), $0.value) }) else {
                return nil
            }
            return response
        }
    }

    /// For a CopyObject's retry: HeadObject of the destination, answered as CopyObject
    /// answers when it already holds the source's bytes (same size, and the same single-part
    /// ETag or full-object CRC-32C) with the metadata the copy was to give it.
    func copiedAlready(_ destination: S3Location, source: S3ObjectInfo, metadata: [String: String]) -> @Sendable () async -> HTTPResponse? {
        { [self] in
            guard
                let response = try? await aws.send(request("HeadObject", "HEAD", destination, headers: [("x-amz-checksum-mode", "ENABLED")]), retry: RetryPolicy(maxAttempts: 1))
            else { return nil }
            let stored = S3ObjectInfo(headers: response.headers, size: Int64(response.headers.value(of: "Content-Length") ?? "") ?? -1)
            let sameBytes =
                (!source.isMultipart && source.etagIsMD5 && stored.etag == source.etag)
                || (Self.fullObjectCRC32C(stored).map { $0 == Self.fullObjectCRC32C(source) } ?? false)
            guard stored.size == source.size, sameBytes, stored.metadata == Dictionary(uniqueKeysWithValues: metadata.map { ($0.key.lowercased(), $0.value) }) else {
                return nil
            }
            let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CopyObjectResult><ETag>\"\(stored.etag)\"</ETag></CopyObjectResult>"
            return HTTPResponse(status: 200, headers: response.headers, body: Array(body.utf8))
        }
    }

    /// Whether a stored object's own checksum is `checksum` (its full-object CRC-32C, its
    /// single-part SHA-256, or its MD5 ETag).
    static func matches(_ info: S3ObjectInfo, _ checksum: S3Checksum) -> Bool {
        switch checksum.value {
        case .crc32c: return fullObjectCRC32C(info) == checksum.base64
        case .sha256: return !info.isMultipart && info.checksumSHA256 == checksum.base64
        case .md5(let digest): return info.etagIsMD5 && info.etag.lowercased() == digest.map { String(format: "%02x", $0) }.joined()
        }
    }
}

extension ObjectStore {
    /// Uploads `path` unless `location` already holds exactly these bytes (same size and
    /// full-object CRC-32C, single-part SHA-256 or MD5 ETag): an earlier attempt of the same
    /// job, or a killed worker's, wrote them. Returns the stored object and whether it was written.
    public func uploadUnlessStored(_ location: S3Location, file path: String, options: S3PutOptions) async throws -> (info: S3ObjectInfo, written: Bool) {
        if let stored = try? await headObject(location), stored.size == (try? S3Client.fileSize(path)) {
            let algorithm: S3ChecksumAlgorithm? =
                S3Client.fullObjectCRC32C(stored) != nil ? .crc32c : (stored.checksumSHA256 != nil && !stored.isMultipart ? .sha256 : (stored.etagIsMD5 ? .md5 : nil))
            if let algorithm, S3Client.matches(stored, try await S3Checksums.of(algorithm, path: path, offset: 0, length: stored.size)) {
                return (stored, false)
            }
        }
        return (try await upload(location, file: path, options: options), true)
    }
}

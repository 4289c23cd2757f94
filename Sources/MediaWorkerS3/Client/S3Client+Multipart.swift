import Foundation
import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerSigning
import MediaWorkerXML
import MediaWorkerSupport

/// One uploaded part.
struct S3CompletedPart: Sendable {
    var number: Int
    var etag: String
    var length: Int64
    /// The part's checksum as sent (nil for copied parts).
    var checksum: S3Checksum?
}

extension S3Client {
    /// Uploads a file: one PutObject below the multipart threshold, otherwise a multipart
    /// upload with parts sent in parallel. A failed multipart upload is aborted, so no
    /// orphaned parts are left behind. `progress` gets (bytes sent, total).
    @discardableResult
    public func upload(_ location: S3Location, file path: String, options: S3PutOptions = S3PutOptions(), progress: (@Sendable (Int64, Int64) -> Void)? = nil) async throws -> S3ObjectInfo {
        let size = try Self.fileSize(path)
        if size < configuration.multipartThreshold {
            let info = try await putObject(location, file: path, length: size, options: options)
            progress?(size, size)
            return info
        }
        let partSize = partSize(for: size)
        let partCount = Int((size + partSize - 1) / partSize)
        var createHeaders = options.headers
        switch configuration.checksum {
        case .crc32c: createHeaders += [("x-amz-checksum-algorithm", "CRC32C"), ("x-amz-checksum-type", "FULL_OBJECT")]
        case .sha256: createHeaders.append(("x-amz-checksum-algorithm", "SHA256"))
        case .md5: break
        }
        let uploadID = try await createMultipartUpload(location, headers: createHeaders)
        let sent = Locked<[Int: Int64]>([:])
        do {
            let parts = try await forEachPart(count: partCount) { number in
                let offset = Int64(number - 1) * partSize
                let length = min(partSize, size - offset)
                let part = try await self.uploadPart(location, uploadID: uploadID, number: number, file: path, offset: offset, length: length) { bytes in
                    guard let progress else { return }
                    let total = sent.withLock { $0[number] = bytes; return $0.values.reduce(0, +) }
                    progress(total, size)
                }
                return part
            }
            return try await completeMultipartUpload(location, uploadID: uploadID, parts: parts, size: size)
        } catch {
            // Best effort: the original error is what the caller needs to see.
            try? await abortMultipartUpload(location, uploadID: uploadID)
            throw error
        }
    }

    /// Runs `body` for parts 1...count with at most `concurrency` at once; results in part order.
    func forEachPart<T: Sendable>(count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var results: [Int: T] = [:]
            var next = 1
            let limit = max(1, configuration.concurrency)
            while next <= min(count, limit) {
                let number = next
                group.addTask { (number, try await body(number)) }
                next += 1
            }
            while let (number, value) = try await group.next() {
                results[number] = value
                if next <= count {
                    let number = next
                    group.addTask { (number, try await body(number)) }
                    next += 1
                }
            }
            return (1...max(1, count)).compactMap { results[$0] }
        }
    }

    func createMultipartUpload(_ location: S3Location, headers: [(String, String)]) async throws -> String {
        let response = try await aws.send(request("CreateMultipartUpload", "POST", location, query: [QueryItem("uploads")], headers: headers))
        let root = try XMLTree.parse(response.body)
        guard let uploadID = root.text(of: "UploadId"), !uploadID.isEmpty else {
            throw S3TransferError("CreateMultipartUpload for \(location) returned no UploadId")
        }
        return uploadID
    }

    func uploadPart(_ location: S3Location, uploadID: String, number: Int, file path: String, offset: Int64, length: Int64, progress: (@Sendable (Int64) -> Void)? = nil) async throws -> S3CompletedPart {
        let checksum = try await S3Checksums.of(configuration.checksum, path: path, offset: offset, length: length)
        var report: (@Sendable (HTTPProgress) -> Void)?
        if let progress { report = { progress($0.uploaded) } }
        let partRequest = request(
            "UploadPart", "PUT", location, query: [QueryItem("partNumber", String(number)), QueryItem("uploadId", uploadID)],
            headers: checksum.headers, body: .file(path: path, offset: offset, length: length), payload: filePayload())
        let response = try await aws.send(partRequest, progress: report)
        guard let etag = response.headers.value(of: "ETag") else {
            throw S3TransferError("UploadPart \(number) of \(location) returned no ETag")
        }
        return S3CompletedPart(number: number, etag: etag, length: length, checksum: checksum)
    }

    /// Completes an upload, with each part's checksum and, for CRC32C, the whole object's
    /// (combined from the parts' CRCs, so the file is not read again). A completion whose answer was lost (reset, timeout, 5xx) may
    /// still have succeeded: before trying again, the object is looked at, and an object
    /// of the right size with a multipart ETag of this many parts counts as done.
    func completeMultipartUpload(_ location: S3Location, uploadID: String, parts: [S3CompletedPart], size: Int64) async throws -> S3ObjectInfo {
        var writer = XMLWriter()
        writer.start("CompleteMultipartUpload", namespace: "http://s3.amazonaws.com/doc/2006-03-01/")
        for part in parts {
            writer.start("Part")
            writer.element("PartNumber", String(part.number))
            writer.element("ETag", part.etag)
            if let checksum = part.checksum {
                switch checksum.value {
                case .crc32c: writer.element("ChecksumCRC32C", checksum.base64)
                case .sha256: writer.element("ChecksumSHA256", checksum.base64)
                case .md5: break
                }
            }
            writer.end()
        }
        writer.end()
        let body = Array(writer.document.utf8)
        var headers = [("Content-Type", "application/xml")]
        var whole: S3Checksum?
        if let crcs = Self.partCRCs(parts) {
            let combined = S3Checksum(value: .crc32c(CRC32C.combined(crcs).value))
            headers += [("x-amz-checksum-crc32c", combined.base64), ("x-amz-checksum-type", "FULL_OBJECT")]
            whole = combined
        }
        var attempts = 0
        while true {
            attempts += 1
            do {
                let response = try await aws.send(
                    request("CompleteMultipartUpload", "POST", location, query: [QueryItem("uploadId", uploadID)], headers: headers, body: .bytes(body)),
                    retry: RetryPolicy.none)
                // S3 may answer 200 and put the error in the body.
                let root = try XMLTree.parse(response.body)
                if root.name == "Error" {
                    throw AWSServiceError(
                        code: root.text(of: "Code") ?? "InternalError", message: root.text(of: "Message") ?? "", status: 200, service: "s3",
                        operation: "CompleteMultipartUpload", resource: location.description, requestID: root.text(of: "RequestId"))
                }
                var info = S3ObjectInfo(headers: response.headers, size: size)
                if let etag = root.text(of: "ETag") { info.etag = etag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                if let whole {
                    info = Self.stored(info, checksum: whole)
                    info.checksumType = "FULL_OBJECT"
                }
                return info
            } catch {
                let transient: Bool
                switch error {
                case let error as HTTPClientError: transient = error.isRetryable
                case let error as AWSServiceError: transient = RetryPolicy.retryableCodes.contains(error.code) || RetryPolicy.retryableStatuses.contains(error.status) || (error.code == "NoSuchUpload" && attempts > 1)
                default: transient = false
                }
                guard transient else { throw error }
                if let done = try? await headObject(location), done.size == size, done.etag.hasSuffix("-\(parts.count)") {
                    return done
                }
                guard attempts < aws.retryPolicy.maxAttempts else { throw error }
                try await Task.sleep(for: aws.retryPolicy.baseDelay * (1 << min(attempts, 8)))
            }
        }
    }

    /// Each part's CRC and length, when every part was sent with a CRC32C.
    static func partCRCs(_ parts: [S3CompletedPart]) -> [(crc: UInt32, length: Int64)]? {
        var result: [(crc: UInt32, length: Int64)] = []
        for part in parts {
            guard case .crc32c(let crc)? = part.checksum?.value else { return nil }
            result.append((crc, part.length))
        }
        return result.isEmpty ? nil : result
    }

    func abortMultipartUpload(_ location: S3Location, uploadID: String) async throws {
        _ = try await aws.send(request("AbortMultipartUpload", "DELETE", location, query: [QueryItem("uploadId", uploadID)]))
    }

    /// Multipart uploads not yet completed or aborted under a prefix (for clean-up and tests).
    public func listMultipartUploads(bucket: String, prefix: String = "") async throws -> [(key: String, uploadID: String)] {
        var query = [QueryItem("uploads")]
        if !prefix.isEmpty { query.append(QueryItem("prefix", prefix)) }
        let response = try await aws.send(request("ListMultipartUploads", "GET", S3Location(bucket: bucket, key: ""), query: query))
        let root = try XMLTree.parse(response.body)
        return root.elements(named: "Upload").map { ($0.text(of: "Key") ?? "", $0.text(of: "UploadId") ?? "") }
    }
}

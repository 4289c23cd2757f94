import Foundation
import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerSigning
import MediaWorkerXML

extension S3Client {
    /// HeadObject.
    public func headObject(_ location: S3Location) async throws -> S3ObjectInfo {
        let response = try await aws.send(request("HeadObject", "HEAD", location, headers: [("x-amz-checksum-mode", "ENABLED")]))
        let size = Int64(response.headers.value(of: "Content-Length") ?? "") ?? 0
        return S3ObjectInfo(headers: response.headers, size: size)
    }

    /// Whether an object exists (HeadObject answering 404 means no).
    public func objectExists(_ location: S3Location) async throws -> Bool {
        do {
            _ = try await headObject(location)
            return true
        } catch let error as AWSServiceError where error.status == 404 {
            return false
        }
    }

    /// GetObject into a file, streamed (memory does not grow with the object). The length is
    /// always checked; without a range the bytes are also checked against the object's
    /// full-object checksum when it has one: CRC32C computed while writing, or SHA-256 or
    /// the MD5 ETag read back from the page cache on a separate thread. A failed or corrupt
    /// download leaves no file.
    @discardableResult
    public func getObject(_ location: S3Location, toFile path: String, range: ClosedRange<Int64>? = nil, ifMatch etag: String? = nil) async throws -> S3ObjectInfo {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw S3TransferError("cannot create \(path): \(String(cString: strerror(errno)))") }
        var closed = false
        defer { if !closed { close(fd) } }
        do {
            let (info, crc) = try await getObject(location, fd: fd, path: path, offset: 0, range: range, ifMatch: etag, computeCRC: range == nil)
            if range == nil { try await verifyDownloaded(location, info: info, path: path, crc: crc) }
            try finishDownload(fd: fd, path: path)
            closed = true
            close(fd)
            return info
        } catch {
            unlink(path)
            throw error
        }
    }

    /// GetObject of a range (or the whole object) into an open file at `offset`; with
    /// `computeCRC`, also the CRC-32C of the bytes written.
    func getObject(
        _ location: S3Location, fd: Int32, path: String, offset: Int64, range: ClosedRange<Int64>?, ifMatch etag: String?, computeCRC: Bool
    ) async throws -> (S3ObjectInfo, CRC32C?) {
        var headers: [(String, String)] = []
        if let range { headers.append(("Range", "bytes=\(range.lowerBound)-\(range.upperBound)")) } else { headers.append(("x-amz-checksum-mode", "ENABLED")) }
        if let etag { headers.append(("If-Match", "\"\(etag)\"")) }
        let current = WriterBox()
        let response = try await aws.send(request("GetObject", "GET", location, headers: headers)) {
            // Each attempt starts over at the same offset with a fresh CRC.
            let writer = OffsetFileWriter(fd: fd, path: path, offset: offset, computeCRC: computeCRC)
            current.set(writer)
            return .stream { try writer.write($0) }
        }
        let writer = current.get()
        let received = writer?.written ?? 0
        let expectedLength = Int64(response.headers.value(of: "Content-Length") ?? "") ?? received
        guard received == expectedLength else {
            throw S3TransferError("\(location) ended after \(received) of \(expectedLength) bytes")
        }
        var info = S3ObjectInfo(headers: response.headers, size: expectedLength)
        if range != nil, let total = response.headers.value(of: "Content-Range")?.split(separator: "/").last.flatMap({ Int64($0) }) {
            info.size = total
        }
        return (info, writer?.crc)
    }

    /// GetObject into memory (small objects: JSON, captions).
    public func getObjectBytes(_ location: S3Location, maxBytes: Int = 64 << 20) async throws -> [UInt8] {
        try await aws.send(request("GetObject", "GET", location), sink: .collect(maxBytes: maxBytes)).body
    }

    /// GetObject of one byte range into memory, checked against the length asked for (or the
    /// object's end). `ifMatch` pins the object version so a replaced object is not mixed in.
    public func getObjectBytes(_ location: S3Location, range: ClosedRange<Int64>, ifMatch etag: String? = nil) async throws -> [UInt8] {
        var headers: [(String, String)] = [("Range", "bytes=\(range.lowerBound)-\(range.upperBound)")]
        if let etag { headers.append(("If-Match", "\"\(etag)\"")) }
        let response = try await aws.send(request("GetObject", "GET", location, headers: headers), sink: .collect(maxBytes: range.count + 1))
        var expected = Int64(range.count)
        if let total = response.headers.value(of: "Content-Range")?.split(separator: "/").last.flatMap({ Int64($0) }) {
            expected = min(expected, total - range.lowerBound)
        }
        guard Int64(response.body.count) == expected else {
            throw S3TransferError("\(location) bytes \(range.lowerBound)-\(range.upperBound): received \(response.body.count) of \(expected) bytes")
        }
        return response.body
    }

    /// PutObject of a file range, streamed from disk, with a checksum the server verifies.
    @discardableResult
    public func putObject(_ location: S3Location, file path: String, offset: Int64 = 0, length: Int64? = nil, options: S3PutOptions = S3PutOptions()) async throws -> S3ObjectInfo {
        let length = try length ?? Self.fileSize(path) - offset
        var headers = options.headers
        let checksum = try await S3Checksums.of(configuration.checksum, path: path, offset: offset, length: length)
        headers += checksum.headers
        let response = try await aws.send(
            request("PutObject", "PUT", location, headers: headers, body: .file(path: path, offset: offset, length: length), payload: filePayload()),
            recheck: storedAlready(location, size: length, checksum: checksum, metadata: options.metadata))
        return Self.stored(S3ObjectInfo(headers: response.headers, size: length), checksum: checksum)
    }

    /// PutObject of bytes in memory.
    @discardableResult
    public func putObject(_ location: S3Location, bytes: [UInt8], options: S3PutOptions = S3PutOptions()) async throws -> S3ObjectInfo {
        try await putObject(location, bytes: bytes, options: options, extraHeaders: [])
    }

    /// A conditional write (`If-Match`, `If-None-Match`) whose answer is lost is not taken as
    /// done when the same bytes are found stored: another writer's identical bytes, or this
    /// client's earlier create, look the same. It is sent again, and the server decides (412);
    /// the callers (claims, the listing cursor) read again after a refusal.
    func putObject(_ location: S3Location, bytes: [UInt8], options: S3PutOptions, extraHeaders: [(String, String)]) async throws -> S3ObjectInfo {
        var headers = options.headers + extraHeaders
        let checksum = try S3Checksums.of(configuration.checksum, bytes: bytes)
        headers += checksum.headers
        let conditional = extraHeaders.contains { ["if-match", "if-none-match"].contains($0.0.lowercased()) }
        let response = try await aws.send(
            request("PutObject", "PUT", location, headers: headers, body: bytes.isEmpty ? .empty : .bytes(bytes)),
            recheck: conditional ? nil : storedAlready(location, size: Int64(bytes.count), checksum: checksum, metadata: options.metadata))
        return Self.stored(S3ObjectInfo(headers: response.headers, size: Int64(bytes.count)), checksum: checksum)
    }

    /// The server accepted the checksum it was sent (it refuses a mismatch), so it is the
    /// stored object's even when the response does not repeat it.
    static func stored(_ info: S3ObjectInfo, checksum: S3Checksum) -> S3ObjectInfo {
        var info = info
        switch checksum.value {
        case .sha256: if info.checksumSHA256 == nil { info.checksumSHA256 = checksum.base64 }
        case .crc32c: if info.checksumCRC32C == nil { info.checksumCRC32C = checksum.base64 }
        case .md5: break
        }
        return info
    }

    /// DeleteObject (succeeds when the object does not exist).
    public func deleteObject(_ location: S3Location) async throws {
        _ = try await aws.send(request("DeleteObject", "DELETE", location))
    }

    /// DeleteObjects in batches of 1,000. Returns the keys that could not be deleted, with the reason.
    @discardableResult
    public func deleteObjects(bucket: String, keys: [String]) async throws -> [String: String] {
        var failures: [String: String] = [:]
        for start in stride(from: 0, to: keys.count, by: 1000) {
            var writer = XMLWriter()
            writer.start("Delete", namespace: "http://s3.amazonaws.com/doc/2006-03-01/")
            writer.element("Quiet", "true")
            for key in keys[start..<min(start + 1000, keys.count)] {
                writer.start("Object")
                writer.element("Key", key)
                writer.end()
            }
            writer.end()
            let body = Array(writer.document.utf8)
            let md5 = try S3Checksums.of(.md5, bytes: body).headers[0]
            let response = try await aws.send(request(
                "DeleteObjects", "POST", S3Location(bucket: bucket, key: ""), query: [QueryItem("delete")],
                headers: [md5, ("Content-Type", "application/xml")], body: .bytes(body)))
            let root = try XMLTree.parse(response.body)
            for error in root.elements(named: "Error") {
                failures[error.text(of: "Key") ?? "?"] = "\(error.text(of: "Code") ?? "Error"): \(error.text(of: "Message") ?? "")"
            }
        }
        return failures
    }

    static func fileSize(_ path: String) throws -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw S3TransferError("cannot read \(path): \(String(cString: strerror(errno)))") }
        return Int64(info.st_size)
    }
}

/// Holds the writer of the latest attempt.
final class WriterBox: @unchecked Sendable {
    private let lock = NSLock()
    private var writer: OffsetFileWriter?
    func set(_ value: OffsetFileWriter) { lock.withLock { writer = value } }
    func get() -> OffsetFileWriter? { lock.withLock { writer } }
}

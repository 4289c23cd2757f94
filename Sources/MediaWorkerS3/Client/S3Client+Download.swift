import Foundation
import MediaWorkerAWS
import MediaWorkerSigning
import MediaWorkerSupport

extension S3Client {
    /// Downloads an object to a file: one GetObject below the parallel threshold, otherwise
    /// ranged GETs in parallel, each pinned to the object's ETag (`If-Match`) so a concurrent
    /// overwrite fails the download instead of mixing two versions. The whole file is then
    /// checked against the object's checksum or MD5 ETag when it has one. A failed download
    /// leaves no file. `progress` gets (bytes received, total).
    @discardableResult
    public func download(_ location: S3Location, toFile path: String, progress: (@Sendable (Int64, Int64) -> Void)? = nil) async throws -> S3ObjectInfo {
        let head = try await headObject(location)
        if head.size < configuration.parallelDownloadThreshold {
            let info = try await getObject(location, toFile: path, ifMatch: head.etag)
            progress?(info.size, info.size)
            return info
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemError.current("cannot create", path: path) }
        var closed = false
        defer { if !closed { close(fd) } }
        do {
            guard ftruncate(fd, off_t(head.size)) == 0 else {
                throw SystemError.current("cannot allocate \(head.size) bytes for", path: path)
            }
            let partSize = configuration.partSize
            let count = Int((head.size + partSize - 1) / partSize)
            let received = Locked<Int64>(0)
            // The parts' CRCs combine into the whole object's, so a full-object CRC32C is
            // checked without reading the file again.
            let wantCRC = Self.fullObjectCRC32C(head) != nil
            let crcs = try await forEachPart(count: count) { number in
                let start = Int64(number - 1) * partSize
                let end = min(start + partSize, head.size) - 1
                let (_, crc) = try await self.getObject(location, fd: fd, path: path, offset: start, range: start...end, ifMatch: head.etag, computeCRC: wantCRC)
                let total = received.withLock { $0 += end - start + 1; return $0 }
                progress?(total, head.size)
                return (crc: crc?.value ?? 0, length: end - start + 1)
            }
            let whole = wantCRC ? CRC32C.combined(crcs) : nil
            try await verifyDownloaded(location, info: head, path: path, crc: whole)
            try finishDownload(fd: fd, path: path)
            closed = true
            close(fd)
            return head
        } catch {
            unlink(path)
            throw error
        }
    }

    /// Flushes a downloaded file to disk when `durableDownloads` is set (otherwise the page
    /// cache writes it back in its own time, as other S3 clients leave it).
    func finishDownload(fd: Int32, path: String) throws {
        guard configuration.durableDownloads else { return }
        guard fsync(fd) == 0 else { throw SystemError.current("cannot finish", path: path) }
    }

    /// The object's CRC32C when it covers the whole object: a `FULL_OBJECT` checksum, or a
    /// single-part object's (a composite one is a CRC of the parts' CRCs).
    public static func fullObjectCRC32C(_ info: S3ObjectInfo) -> String? {
        guard let crc = info.checksumCRC32C, !crc.contains("-"), info.checksumType != "COMPOSITE" else { return nil }
        return info.checksumType == "FULL_OBJECT" || !info.isMultipart ? crc : nil
    }

    /// Checks a downloaded file against the object's full-object checksum: the CRC32C
    /// computed while writing (`crc`), else SHA-256 or the MD5 ETag read back from the file.
    /// Objects with only a composite (per-part) checksum and a multipart ETag are checked
    /// for length only.
    func verifyDownloaded(_ location: S3Location, info: S3ObjectInfo, path: String, crc: CRC32C?) async throws {
        if let expected = Self.fullObjectCRC32C(info), let crc {
            let actual = S3Checksum(value: .crc32c(crc.value)).base64
            guard actual == expected else {
                throw S3TransferError("\(location) arrived corrupt: its CRC32C is \(actual), the object says \(expected)")
            }
            return
        }
        let algorithm: S3ChecksumAlgorithm
        let expected: String
        if let checksum = info.checksumSHA256, !checksum.contains("-"), !info.isMultipart, info.checksumType != "COMPOSITE" {
            (algorithm, expected) = (.sha256, checksum)
        } else if info.etagIsMD5 {
            (algorithm, expected) = (.md5, info.etag.lowercased())
        } else {
            return
        }
        let digest = try await BlockingWork.run("media-worker.verify") {
            try FileHashing.digest(algorithm == .sha256 ? .sha256 : .md5, path: path, offset: 0, length: info.size)
        }
        let actual = algorithm == .sha256 ? Data(digest).base64EncodedString() : Hex.encode(digest)
        guard actual == expected else {
            throw S3TransferError("\(location) arrived corrupt: its \(algorithm == .sha256 ? "SHA-256" : "MD5") is \(actual), the object says \(expected)")
        }
    }
}

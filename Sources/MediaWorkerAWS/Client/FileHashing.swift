import Foundation
public import MediaWorkerSigning
import MediaWorkerSupport

/// Digests and CRCs of file ranges, read with `pread` 256 KiB at a time (small enough to
/// stay in cache while it is hashed). Blocking: call it from ``BlockingWork``, never from
/// the cooperative pool.
public enum FileHashing {
    /// A libcrypto digest (SHA-256 or MD5) of a file range.
    public static func digest(_ algorithm: DigestHasher.Algorithm, path: String, offset: Int64, length: Int64) throws -> [UInt8] {
        let hasher = try DigestHasher(algorithm)
        try read(path, offset: offset, length: length) { hasher.update($0) }
        return hasher.finalize()
    }

    /// The CRC-32C of a file range.
    public static func crc32c(path: String, offset: Int64, length: Int64) throws -> CRC32C {
        var crc = CRC32C()
        try read(path, offset: offset, length: length) { crc.update($0) }
        return crc
    }

    static func read(_ path: String, offset: Int64, length: Int64, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.current("cannot open", path: path) }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 64)
        defer { buffer.deallocate() }
        var position = offset
        var remaining = length
        while remaining > 0 {
            let got = pread(fd, buffer.baseAddress, Int(min(Int64(buffer.count), remaining)), off_t(position))
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw AWSConfigurationError("\(path) is shorter than expected (\(remaining) bytes missing)") }
            body(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
            position += Int64(got)
            remaining -= Int64(got)
        }
    }
}

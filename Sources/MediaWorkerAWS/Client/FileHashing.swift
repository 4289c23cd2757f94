import Foundation
public import MediaWorkerSigning

/// Digests of file ranges on libcrypto, read with `pread` one megabyte at a time.
/// Blocking: call it from ``BlockingWork``, never from the cooperative pool.
public enum FileHashing {
    public static func digest(_ algorithm: DigestHasher.Algorithm, path: String, offset: Int64, length: Int64) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AWSConfigurationError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let hasher = try DigestHasher(algorithm)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var position = offset
        var remaining = length
        while remaining > 0 {
            let wanted = Int(min(Int64(buffer.count), remaining))
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, wanted, off_t(position)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw AWSConfigurationError("\(path) is shorter than expected (\(remaining) bytes missing)") }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
            position += Int64(got)
            remaining -= Int64(got)
        }
        return hasher.finalize()
    }
}

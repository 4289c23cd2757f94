import Foundation
import MediaWorkerSigning

/// Writes a response body into a file at an offset (`pwrite`), so parallel ranged GETs
/// fill one file. Used from one transfer thread at a time; each attempt gets its own.
final class OffsetFileWriter: @unchecked Sendable {
    private let fd: Int32
    private let path: String
    private var position: Int64
    private(set) var written: Int64 = 0
    /// The CRC-32C of the bytes written, when asked for.
    private(set) var crc: CRC32C?

    init(fd: Int32, path: String, offset: Int64, computeCRC: Bool = false) {
        self.fd = fd
        self.path = path
        self.position = offset
        self.crc = computeCRC ? CRC32C() : nil
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(position))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw S3TransferError("writing \(path) failed: \(String(cString: strerror(errno)))") }
            done += n
            position += Int64(n)
        }
        written += Int64(bytes.count)
        crc?.update(bytes)
    }
}

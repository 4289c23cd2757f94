import Foundation
import MediaWorkerSigning
import MediaWorkerSupport

/// Writes a response body into a file at an offset (`pwrite`), so parallel ranged GETs
/// fill one file. Each attempt gets its own writer. The transfer thread writes and the
/// awaiting task reads the totals afterwards, so they live behind a lock (uncontended: one
/// lock per 256 KiB written), which ThreadSanitizer can see as well as the compiler.
final class OffsetFileWriter: Sendable {
    private struct State {
        var position: Int64
        var written: Int64 = 0
        var crc: CRC32C?
    }

    private let fd: Int32
    private let path: String
    private let state: Locked<State>

    init(fd: Int32, path: String, offset: Int64, computeCRC: Bool = false) {
        self.fd = fd
        self.path = path
        self.state = Locked(State(position: offset, crc: computeCRC ? CRC32C() : nil))
    }

    /// Bytes written so far.
    var written: Int64 { state.withLock { $0.written } }

    /// The CRC-32C of the bytes written, when asked for.
    var crc: CRC32C? { state.withLock { $0.crc } }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try state.withLock { state in
            var done = 0
            while done < bytes.count {
                let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(state.position))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw SystemError.current("cannot write", path: path) }
                done += n
                state.position += Int64(n)
            }
            state.written += Int64(bytes.count)
            state.crc?.update(bytes)
        }
    }
}

import Foundation
import MediaWorkerSigning
import MediaWorkerHTTP
import MediaWorkerSupport

/// Streams a byte range of a file as an S3 aws-chunked body, signing each chunk.
/// Runs on the transport thread; memory is one chunk.
final class AWSChunkedFileProducer: HTTPBodyProducer {
    private var encoder: AWSChunkedEncoder
    private let fd: Int32
    private let path: String
    private var remaining: Int64
    private let chunkSize: Int
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    private var finished = false
    private var chunk: [UInt8]

    init(path: String, offset: Int64, length: Int64, chunkSize: Int, encoder: AWSChunkedEncoder) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HTTPBodyError("cannot open \(path) for upload: \(SystemError.reason(errno))", errno: errno) }
        guard lseek(fd, off_t(offset), SEEK_SET) >= 0 else {
            close(fd)
            throw HTTPBodyError("cannot seek \(path): \(SystemError.reason(errno))", errno: errno)
        }
        self.fd = fd
        self.path = path
        self.remaining = length
        self.chunkSize = chunkSize
        self.encoder = encoder
        self.chunk = [UInt8](repeating: 0, count: chunkSize)
        pending.reserveCapacity(chunkSize + 128)
    }

    deinit { close(fd) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if pendingOffset == pending.count {
            if finished { return 0 }
            try fillNextChunk()
        }
        let count = min(buffer.count, pending.count - pendingOffset)
        pending.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[pendingOffset..<pendingOffset + count]))
        }
        pendingOffset += count
        return count
    }

    private func fillNextChunk() throws {
        pending.removeAll(keepingCapacity: true)
        pendingOffset = 0
        if remaining == 0 {
            pending.append(contentsOf: encoder.finalChunk())
            finished = true
            return
        }
        let wanted = Int(min(Int64(chunkSize), remaining))
        var got = 0
        try chunk.withUnsafeMutableBytes { raw in
            while got < wanted {
                let n = Foundation.read(fd, raw.baseAddress! + got, wanted - got)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { throw HTTPBodyError("reading \(path) failed: \(SystemError.reason(errno))", errno: errno) }
                if n == 0 { throw HTTPBodyError("\(path) ended \(remaining - Int64(got)) bytes early: was it truncated while uploading?") }
                got += n
            }
        }
        remaining -= Int64(got)
        chunk.withUnsafeBytes { raw in
            let data = UnsafeRawBufferPointer(rebasing: raw[0..<got])
            pending.append(contentsOf: encoder.chunkHeader(for: data))
            pending.append(contentsOf: data)
        }
        pending.append(contentsOf: [0x0d, 0x0a])
    }
}

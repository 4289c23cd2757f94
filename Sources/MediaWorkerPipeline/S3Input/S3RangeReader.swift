import Foundation
public import MediaWorkerMedia
public import MediaWorkerS3
import Synchronization
import MediaWorkerSupport

/// Reads an S3 object for FFmpeg with ranged GETs: fixed-size blocks, a small cache, and a
/// read-ahead of the next block when reads are sequential. Probing and taking a thumbnail of
/// a large object read only its header and the part around the thumbnail time.
///
/// `read` blocks its thread while a block downloads: use it from the media work's dedicated
/// thread, never from the cooperative pool.
public final class S3RangeReader: RandomAccessReader, Sendable {
    public let size: Int64
    public let name: String
    private let client: S3Client
    private let location: S3Location
    private let etag: String?
    private let blockSize: Int64
    private let maxCachedBlocks: Int
    private let state = Locked(State())
    private let fetched = Atomic<Int64>(0)

    private struct State {
        var blocks: [Int64: Task<[UInt8], any Error>] = [:]
        var order: [Int64] = []
        var lastBlock: Int64 = -2
    }

    /// Heads the object and returns a reader pinned to its current version (by ETag).
    public static func open(client: S3Client, location: S3Location, blockSize: Int = 1 << 20, maxCachedBlocks: Int = 8) async throws -> S3RangeReader {
        let info = try await client.headObject(location)
        return S3RangeReader(client: client, location: location, size: info.size, etag: info.etag.isEmpty ? nil : info.etag, blockSize: blockSize, maxCachedBlocks: maxCachedBlocks)
    }

    init(client: S3Client, location: S3Location, size: Int64, etag: String?, blockSize: Int, maxCachedBlocks: Int) {
        self.client = client
        self.location = location
        self.size = size
        self.etag = etag
        self.blockSize = Int64(max(64 << 10, blockSize))
        self.maxCachedBlocks = max(2, maxCachedBlocks)
        name = location.description
    }

    /// Bytes downloaded so far, read-ahead included.
    public var bytesFetched: Int64 { fetched.load(ordering: .relaxed) }

    public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size, buffer.count > 0 else { return 0 }
        let block = offset / blockSize
        let sequential = state.withLock { state in
            defer { state.lastBlock = block }
            return block == state.lastBlock + 1 || block == state.lastBlock
        }
        let task = self.task(for: block)
        if sequential, (block + 1) * blockSize < size { _ = self.task(for: block + 1) }
        let bytes = try Self.wait(for: task)
        let start = Int(offset - block * blockSize)
        let count = min(buffer.count, bytes.count - start)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + start, byteCount: count)
        }
        return count
    }

    private func task(for block: Int64) -> Task<[UInt8], any Error> {
        state.withLock { state in
            if let task = state.blocks[block] {
                state.order.removeAll { $0 == block }
                state.order.append(block)
                return task
            }
            let lower = block * blockSize
            let upper = min(size, lower + blockSize) - 1
            let task = Task { [self] in
                let bytes = try await client.getObjectBytes(location, range: lower...upper, ifMatch: etag)
                self.fetched.add(Int64(bytes.count), ordering: .relaxed)
                return bytes
            }
            state.blocks[block] = task
            state.order.append(block)
            while state.order.count > maxCachedBlocks {
                let evicted = state.order.removeFirst()
                state.blocks[evicted] = nil
            }
            return task
        }
    }

    /// Blocks the current (dedicated) thread until `task` finishes.
    private static func wait(for task: Task<[UInt8], any Error>) throws -> [UInt8] {
        let semaphore = DispatchSemaphore(value: 0)
        let result = Locked<Result<[UInt8], any Error>?>(nil)
        Task {
            let value = await task.result
            result.withLock { $0 = value }
            semaphore.signal()
        }
        semaphore.wait()
        return try result.withLock { $0! }.get()
    }
}

/// Random access to bytes that are not a local file (an S3 object read with ranged GETs).
///
/// FFmpeg calls `read` from the thread doing the media work, so an implementation may block.
public protocol RandomAccessReader: Sendable {
    /// The total size in bytes.
    var size: Int64 { get }
    /// A name for messages, such as `s3://bucket/key`.
    var name: String { get }
    /// Reads up to `buffer.count` bytes at `offset`; returns the number read, 0 at the end.
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

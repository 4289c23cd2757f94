/// Produces a request body piece by piece on the transport's thread.
///
/// `read(into:)` is called from the transfer thread, never from Swift's cooperative pool,
/// so it may block on disk I/O. Return the number of bytes written into `buffer`, 0 at the end.
public protocol HTTPBodyProducer: AnyObject {
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A failure of a body producer or a response consumer.
public struct HTTPBodyError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var errno: Int32?
    public init(_ message: String, errno: Int32? = nil) {
        self.message = message
        self.errno = errno
    }
    public var description: String { message }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: what was being done, to which path, and the `errno` it set. The
/// one place an `errno` becomes text (`strerror`) and a symbolic name (`ENOSPC`), as
/// swift-nio's `FileSystemError` does for its calls.
public struct SystemError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The `errno` value.
    public var errno: Int32
    /// What was being done: `cannot create`, `writing`, `connect to`, ...
    public var operation: String
    /// The file or address concerned.
    public var path: String?

    public init(errno code: Int32, operation: String, path: String? = nil) {
        self.errno = code
        self.operation = operation
        self.path = path
    }

    /// The failure of the call that just returned, from the current `errno`.
    public static func current(_ operation: String, path: String? = nil) -> SystemError {
        SystemError(errno: currentErrno(), operation: operation, path: path)
    }

    private static func currentErrno() -> Int32 {
        #if canImport(Glibc)
        Glibc.errno
        #else
        Darwin.errno
        #endif
    }

    /// The system's text for the code: "No space left on device".
    public var reason: String { Self.reason(errno) }

    /// The system's text for an `errno` value.
    public static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// The symbolic name of common codes (`ENOSPC`), else `errno N`.
    public var name: String {
        switch errno {
        case ENOENT: "ENOENT"
        case EACCES: "EACCES"
        case EPERM: "EPERM"
        case ENOSPC: "ENOSPC"
        case EDQUOT: "EDQUOT"
        case EIO: "EIO"
        case EEXIST: "EEXIST"
        case ENOTDIR: "ENOTDIR"
        case EISDIR: "EISDIR"
        case EROFS: "EROFS"
        case EMFILE: "EMFILE"
        case ECONNREFUSED: "ECONNREFUSED"
        case ECONNRESET: "ECONNRESET"
        case ETIMEDOUT: "ETIMEDOUT"
        case EPIPE: "EPIPE"
        case EAGAIN: "EAGAIN"
        default: "errno \(errno)"
        }
    }

    /// Whether the disk (or the quota) is full.
    public var isOutOfSpace: Bool { errno == ENOSPC || errno == EDQUOT }

    /// `cannot create /work/a.mp4: No space left on device`.
    public var description: String {
        "\(operation)\(path.map { " \($0)" } ?? ""): \(reason)"
    }
}

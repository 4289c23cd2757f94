/// The local disk the worker's jobs use, as the receive loop sees it: prepared once at
/// start, and asked before each receive whether a small job still fits.
public protocol JobSpace: Sendable {
    /// Creates the space and removes what an earlier run of `workerID` left.
    func prepare(workerID: String) throws
    /// Whether a small job fits now.
    func hasRoomForAJob() -> Bool
    /// Says where the space is and how much is free, for logs and errors.
    var shortDescription: String { get }
}

extension WorkDirectory: JobSpace {
    public var shortDescription: String {
        "the work directory \(root) (\((freeBytes() ?? 0) >> 20) MiB free, MIN_FREE_DISK_MB=\(minimumFreeBytes >> 20))"
    }
}

import Synchronization

/// A flag an async caller sets to stop blocking media work; FFmpeg polls it through its
/// interrupt callback and the frame loops check it between frames.
public final class MediaCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func cancel() { flag.store(true, ordering: .relaxed) }

    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

internal import CFFmpeg
import Foundation

/// What FFmpeg's interrupt callback consults: a deadline from the processing-time limit and
/// the caller's cancellation. Blocking reads and long loops stop when either fires.
final class InterruptState: @unchecked Sendable {
    let deadline: ContinuousClock.Instant?
    let cancellation: MediaCancellation?
    let limitSeconds: Double?

    init(limits: MediaLimits, cancellation: MediaCancellation?) {
        limitSeconds = limits.maxProcessingSeconds
        deadline = limits.maxProcessingSeconds.map { ContinuousClock.now + .milliseconds(Int64($0 * 1000)) }
        self.cancellation = cancellation
    }

    var shouldStop: Bool {
        if cancellation?.isCancelled == true { return true }
        if let deadline, ContinuousClock.now >= deadline { return true }
        return false
    }

    /// Throws the typed error for why work must stop, if it must.
    func check(_ name: String) throws {
        if cancellation?.isCancelled == true {
            throw MediaError(.cancelled, "work on \(name) was cancelled", path: name)
        }
        if let deadline, ContinuousClock.now >= deadline {
            throw MediaError(
                .timedOut,
                "processing \(name) took longer than the \(Int(limitSeconds ?? 0)) s limit (limits.max_processing_seconds); raise the limit or check the file",
                path: name)
        }
    }

    /// The callback struct to put on a format context.
    var callback: AVIOInterruptCB {
        AVIOInterruptCB(
            callback: { opaque in
                guard let opaque else { return 0 }
                return Unmanaged<InterruptState>.fromOpaque(opaque).takeUnretainedValue().shouldStop ? 1 : 0
            },
            opaque: Unmanaged.passUnretained(self).toOpaque())
    }
}

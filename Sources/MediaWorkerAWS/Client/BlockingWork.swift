import Foundation

/// Runs blocking work (file hashing, disk reads) on a dedicated thread, never on Swift's
/// cooperative pool, and resumes the caller when it is done.
public enum BlockingWork {
    public static func run<T: Sendable>(_ name: String = "media-worker.blocking", _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try work() })
            }
            thread.name = name
            thread.start()
        }
    }
}

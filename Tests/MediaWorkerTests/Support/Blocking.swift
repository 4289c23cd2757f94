import MediaWorkerAWS

/// Runs blocking work (FFmpeg, ffmpeg/ffprobe subprocesses) on a dedicated thread, so the
/// few cooperative threads stay free for the other tests running in parallel. Expectations
/// stay in the test body, on the test's task.
///
/// A LocalStack that cannot be had is skipped here, on the test's task (see
/// `TestTools.localstackPython`).
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    do {
        return try await BlockingWork.run("media-worker.test", work)
    } catch let unavailable as TestTools.LocalStackUnavailable {
        try TestTools.skipLocalStack(unavailable.reason)
    }
}

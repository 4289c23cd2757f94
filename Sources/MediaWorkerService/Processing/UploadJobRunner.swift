public import MediaWorkerMedia

/// What the worker's receive loop hands each upload event to. ``UploadProcessor`` is the
/// real one; tests give the service a fake to run it in-process without servers.
public protocol UploadJobRunner: Sendable {
    /// Processes one event. Throws when the job should be retried (anything but its final
    /// attempt); on the final attempt a failure is recorded as FAILED and returned.
    func process(_ event: UploadEvent, attempt: Int, isFinalAttempt: Bool, cancellation: MediaCancellation) async throws -> UploadOutcome
    /// Runs once when the worker starts, before the first message (the processor checks
    /// that the store takes conditional writes, for claims).
    func prepare() async throws
}

extension UploadJobRunner {
    public func prepare() async throws {}
}

extension UploadProcessor: UploadJobRunner {}

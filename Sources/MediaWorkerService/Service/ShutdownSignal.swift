import MediaWorkerSupport

/// Graceful shutdown as the receive loop sees it: a flag, and the one wait it may be in
/// (a long-poll receive, a pause) cancelled so that the loop notices at once.
final class ShutdownSignal: Sendable {
    private struct State {
        var requested = false
        var current: (any Cancellable)?
    }
    private let state = Locked(State())

    var isRequested: Bool { state.withLock { $0.requested } }

    func request() {
        let current = state.withLock { state -> (any Cancellable)? in
            state.requested = true
            return state.current
        }
        current?.cancel()
    }

    /// Runs `body` in a task that ``request()`` cancels.
    func interruptible<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let cancelNow = state.withLock { state -> Bool in
            state.current = task
            return state.requested
        }
        if cancelNow { task.cancel() }
        defer { state.withLock { $0.current = nil } }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }
}

protocol Cancellable: Sendable {
    func cancel()
}

extension Task: Cancellable {}

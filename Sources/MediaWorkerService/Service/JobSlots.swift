import MediaWorkerSupport

/// Counts jobs that finished since the receive loop last looked, and wakes the loop when it
/// waits for one. Jobs themselves are child tasks of the loop's task group.
final class JobSlots: Sendable {
    private struct State {
        var finished = 0
        var running = 0
        var waiter: CheckedContinuation<Void, Never>?
    }
    private let state = Locked(State())

    /// Jobs running now (for `/healthz`).
    var running: Int { state.withLock { $0.running } }

    func started(_ count: Int) {
        state.withLock { $0.running += count }
    }

    /// A job ended: counted, and the waiting loop (if any) wakes up.
    func finished() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.finished += 1
            state.running -= 1
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// The jobs that finished since the last call.
    func takeFinished() -> Int {
        state.withLock { state in
            defer { state.finished = 0 }
            return state.finished
        }
    }

    /// Returns once a job has finished since the last ``takeFinished()``.
    func waitForFinished() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.finished > 0 { return true }
                state.waiter = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }
}

import MediaWorkerSupport

/// The running worker's shared state: whether it is stopping, the jobs in flight (to wait
/// for, or cancel when the grace period ends), the pending receive (cancelled on stop), and
/// tasks waiting for a free job slot.
final class WorkerControl: Sendable {
    private struct State {
        var stopping = false
        var running: [UInt64: Task<Void, Never>] = [:]
        var nextID: UInt64 = 0
        var receive: Task<[WorkMessage], any Error>?
        var slotWaiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Locked(State())

    var isStopping: Bool { state.withLock { $0.stopping } }
    var runningCount: Int { state.withLock { $0.running.count } }

    /// Stops receiving: the pending receive is cancelled and slot waiters wake up.
    func stop() {
        let (receive, waiters) = state.withLock { state -> (Task<[WorkMessage], any Error>?, [CheckedContinuation<Void, Never>]) in
            state.stopping = true
            defer { state.slotWaiters = [] }
            return (state.receive, state.slotWaiters)
        }
        receive?.cancel()
        for waiter in waiters { waiter.resume() }
    }

    /// Cancels every running job (the grace period is over): each releases its message.
    func cancelRunning() {
        for task in state.withLock({ Array($0.running.values) }) { task.cancel() }
    }

    /// Free job slots, waiting until there is one; 0 once stopping.
    func freeSlots(of concurrency: Int) async -> Int {
        while true {
            let free = state.withLock { $0.stopping ? 0 : concurrency - $0.running.count }
            if free > 0 || isStopping { return max(0, free) }
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.stopping || state.running.count < concurrency { return true }
                    state.slotWaiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// Runs a receive that `stop()` can cancel.
    func receiving(_ body: @escaping @Sendable () async throws -> [WorkMessage]) async throws -> [WorkMessage] {
        let task = Task { try await body() }
        let stopping = state.withLock { state -> Bool in
            state.receive = task
            return state.stopping
        }
        if stopping { task.cancel() }
        defer { state.withLock { $0.receive = nil } }
        return try await task.value
    }

    /// Records a started job; returns its id for `finished`.
    func started(_ task: Task<Void, Never>) -> UInt64 {
        state.withLock { state in
            state.nextID += 1
            state.running[state.nextID] = task
            return state.nextID
        }
    }

    func finished(_ id: UInt64) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.running[id] = nil
            defer { state.slotWaiters = [] }
            return state.slotWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

import MediaWorkerSupport

/// One job at a time per delivery key inside a worker: duplicates of one event received
/// together run one after the other, so the later ones find the metadata COMPLETE and skip.
final class KeyLocks: Sendable {
    private struct State {
        var held: Set<String> = []
        var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    }
    private let state = Locked(State())

    func withLock<T: Sendable>(_ key: String, _ body: () async throws -> T) async throws -> T {
        await acquire(key)
        defer { release(key) }
        return try await body()
    }

    private func acquire(_ key: String) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.held.insert(key).inserted { return true }
                state.waiters[key, default: []].append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    private func release(_ key: String) {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if var queue = state.waiters[key], !queue.isEmpty {
                let first = queue.removeFirst()
                state.waiters[key] = queue.isEmpty ? nil : queue
                return first  // the key stays held, handed to the next waiter
            }
            state.held.remove(key)
            return nil
        }
        next?.resume()
    }
}

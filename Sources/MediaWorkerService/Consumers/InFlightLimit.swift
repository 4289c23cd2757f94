import Synchronization

/// A count of requests being served with a ceiling: `enter()` fails once `limit` are in,
/// so slow clients cannot hold an unbounded number of handlers (and their buffers).
final class InFlightLimit: Sendable {
    let limit: Int
    private let count = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Takes a slot; false (and nothing taken) when all `limit` are in use.
    func enter() -> Bool {
        while true {
            let current = count.load(ordering: .relaxed)
            guard current < limit else { return false }
            if count.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing).exchanged { return true }
        }
    }

    /// Gives back a slot taken by `enter()`.
    func leave() {
        count.subtract(1, ordering: .acquiringAndReleasing)
    }

    var inUse: Int { count.load(ordering: .relaxed) }
}

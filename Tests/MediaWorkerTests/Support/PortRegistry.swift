import Foundation

/// The loopback ports this test process has handed out, so that no two servers are given
/// the same one. The kernel hands a port released by `freePort` out again, and two tests
/// running at once could otherwise both be given it: the second server's start then sees
/// the first one listening, takes it for its own, and its requests reach the wrong server
/// (a fault proxy answered by a worker's webhook listener with 401).
enum PortRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var handedOut: Set<Int> = []

    /// Claims `ports` together: true when none of them was handed out before.
    static func claim(_ ports: [Int]) -> Bool {
        lock.withLock {
            guard handedOut.isDisjoint(with: ports) else { return false }
            handedOut.formUnion(ports)
            return true
        }
    }
}

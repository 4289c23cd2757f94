public import Foundation

/// Failed sign-ins counted per user name (`user:` keys) and per client address (`address:`
/// keys, a higher limit: one address may be a NAT or proxy for many people): after `limit`
/// (`addressLimit`) failures within `window`, further attempts are refused (429) until the
/// oldest falls out of it.
/// A plain struct: the server keeps it behind a lock, tests drive it with their own dates.
public struct LoginRateLimiter: Sendable {
    public var limit: Int
    public var addressLimit: Int
    public var window: TimeInterval
    private var failures: [String: [Date]] = [:]

    public init(limit: Int = 5, addressLimit: Int = 20, window: TimeInterval = 300) {
        self.limit = limit
        self.addressLimit = addressLimit
        self.window = window
    }

    func limit(of key: String) -> Int { key.hasPrefix("address:") ? addressLimit : limit }

    /// Whether an attempt for these keys (address, name) may go ahead at `now`.
    public func allows(_ keys: [String], at now: Date) -> Bool {
        keys.allSatisfy { key in (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }.count < limit(of: key) }
    }

    /// Seconds until an attempt for these keys is allowed again (0 when it is now).
    public func retryAfter(_ keys: [String], at now: Date) -> Int {
        var wait: TimeInterval = 0
        for key in keys {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }.sorted()
            if recent.count >= limit(of: key), let oldest = recent.first {
                wait = max(wait, window - now.timeIntervalSince(oldest))
            }
        }
        return Int(wait.rounded(.up))
    }

    /// Counts a failure (and forgets the ones older than the window).
    public mutating func recordFailure(_ keys: [String], at now: Date) {
        for key in keys { failures[key] = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window } + [now] }
    }

    public mutating func recordSuccess(_ keys: [String]) {
        for key in keys { failures[key] = nil }
    }
}

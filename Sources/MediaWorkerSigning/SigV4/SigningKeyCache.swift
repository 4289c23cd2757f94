import MediaWorkerSupport

/// Caches derived SigV4 signing keys per secret, date, region and service,
/// so a busy worker derives each key once a day instead of once per request.
public final class SigningKeyCache: Sendable {
    private struct Key: Hashable {
        var secretDigest: [UInt8]
        var date: String
        var region: String
        var service: String
    }

    private let entries = Locked<[Key: [UInt8]]>([:])
    private let capacity: Int

    /// A cache that holds at most `capacity` keys (the oldest day's keys go first).
    public init(capacity: Int = 32) {
        self.capacity = capacity
    }

    /// The shared process-wide cache.
    public static let shared = SigningKeyCache()

    /// The signing key for the scope, derived if not cached.
    public func signingKey(secret: String, date: String, region: String, service: String) -> [UInt8] {
        let key = Key(secretDigest: SHA256.hash(Array(secret.utf8)), date: date, region: region, service: service)
        if let cached = entries.withLock({ $0[key] }) {
            return cached
        }
        let derived = SigV4Signer.deriveSigningKey(secret: secret, date: date, region: region, service: service)
        entries.withLock { entries in
            if entries.count >= capacity {
                // Keys of older dates are useless once the date changes: drop those first.
                let stale = entries.keys.filter { $0.date < date }
                if stale.isEmpty { entries.removeAll() } else { stale.forEach { entries[$0] = nil } }
            }
            entries[key] = derived
        }
        return derived
    }

    /// How many keys are cached.
    public var count: Int { entries.withLock { $0.count } }
}

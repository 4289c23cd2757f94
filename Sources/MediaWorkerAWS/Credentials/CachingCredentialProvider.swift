public import Foundation
public import MediaWorkerSigning

/// Caches another provider's credentials and refreshes temporary ones before they expire.
/// Concurrent callers share one refresh. When a refresh fails while the cached credentials
/// are still valid, those are used and the refresh is tried again on the next call.
public actor CachingCredentialProvider: CredentialProvider {
    public nonisolated let name: String
    private let base: any CredentialProvider
    private let refreshMargin: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var refreshing: Task<AWSCredentials, any Error>?
    /// How many times the base provider was asked (for tests and metrics).
    public private(set) var fetchCount = 0

    /// - Parameters:
    ///   - refreshMargin: refresh when the credentials expire within this many seconds.
    ///   - now: the clock, injected for tests.
    public init(_ base: any CredentialProvider, refreshMargin: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.name = base.name
        self.refreshMargin = refreshMargin
        self.now = now
    }

    public func credentials() async throws(CredentialProviderError) -> AWSCredentials {
        let time = now()
        if let cached, !cached.expires(within: refreshMargin, of: time) {
            return cached
        }
        let task: Task<AWSCredentials, any Error>
        if let refreshing {
            task = refreshing
        } else {
            let base = self.base
            task = Task { try await base.credentials() }
            refreshing = task
            fetchCount += 1
        }
        do {
            let fresh = try await task.value
            if refreshing == task { refreshing = nil }
            cached = fresh
            return fresh
        } catch {
            if refreshing == task { refreshing = nil }
            if let cached, !cached.expires(within: 0, of: now()) {
                return cached
            }
            if let error = error as? CredentialProviderError { throw error }
            throw CredentialProviderError(.failed, provider: name, "\(error)")
        }
    }
}

/// A failure reported by OpenSSL's libcrypto.
public struct CryptoError: Error, CustomStringConvertible, Sendable {
    /// What was being done when libcrypto failed.
    public var operation: String
    /// The first code on OpenSSL's per-thread error queue, or 0 if the queue was empty.
    public var cause: UInt
    /// OpenSSL's text for `cause`.
    public var reason: String

    public var description: String {
        "libcrypto \(operation) failed: \(reason) (OpenSSL error \(cause))"
    }
}

internal import CCrypto

/// Reads and clears OpenSSL's per-thread error queue. Call it in the same synchronous
/// scope as the failing call, so the queue read belongs to this thread's failure.
enum OpenSSLErrorQueue {
    static func drain(operation: String) -> CryptoError {
        let first = ERR_get_error()
        var buffer = [CChar](repeating: 0, count: 256)
        if first != 0 {
            ERR_error_string_n(first, &buffer, buffer.count)
        }
        while ERR_get_error() != 0 {}
        let reason = first == 0 ? "no reason on the error queue" : String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return CryptoError(operation: operation, cause: UInt(first), reason: reason)
    }
}

internal import CCrypto

/// HMAC-SHA256 on libcrypto.
public enum HMACSHA256 {
    /// The 32-byte HMAC-SHA256 of `data` under `key`.
    public static func authenticate(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = key.withUnsafeBytes { keyBytes in
            data.withUnsafeBytes { dataBytes in
                out.withUnsafeMutableBufferPointer { outBytes in
                    mw_hmac_sha256(
                        keyBytes.baseAddress, keyBytes.count,
                        dataBytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), dataBytes.count,
                        outBytes.baseAddress)
                }
            }
        }
        // EVP_Q_mac only fails if the HMAC/SHA256 provider is unavailable, which makes
        // signing impossible; fail loudly with OpenSSL's reason rather than sign wrongly.
        if ok != 1 {
            let error = OpenSSLErrorQueue.drain(operation: "HMAC-SHA256")
            fatalError("\(error)")
        }
        return out
    }

    /// The HMAC-SHA256 of a UTF-8 string.
    public static func authenticate(key: [UInt8], string: String) -> [UInt8] {
        authenticate(key: key, data: Array(string.utf8))
    }
}

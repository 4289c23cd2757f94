internal import CCrypto

/// AES-128 in CBC mode with PKCS#7 padding over libcrypto's EVP interface, as HLS encrypts
/// whole segments (`METHOD=AES-128`, RFC 8216 5.2). One instance owns one `EVP_CIPHER_CTX`
/// and the key; not thread-safe.
public final class AES128CBC {
    private let context: OpaquePointer
    private let key: [UInt8]

    /// `key`: 16 bytes.
    public init(key: [UInt8]) throws(CryptoError) {
        guard key.count == 16 else {
            throw CryptoError(operation: "AES-128 key", cause: 0, reason: "the key is \(key.count) bytes, not 16")
        }
        guard let context = EVP_CIPHER_CTX_new() else {
            throw OpenSSLErrorQueue.drain(operation: "EVP_CIPHER_CTX_new")
        }
        self.context = context
        self.key = key
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
    }

    /// `plain` encrypted with `iv` (16 bytes), padded to a whole number of blocks.
    public func encrypt(_ plain: [UInt8], iv: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard iv.count == 16 else {
            throw CryptoError(operation: "AES-128 IV", cause: 0, reason: "the IV is \(iv.count) bytes, not 16")
        }
        guard EVP_EncryptInit_ex(context, EVP_aes_128_cbc(), nil, key, iv) == 1 else {
            throw OpenSSLErrorQueue.drain(operation: "EVP_EncryptInit_ex(aes-128-cbc)")
        }
        var output = [UInt8](repeating: 0, count: plain.count + 16)
        var written: Int32 = 0
        var final: Int32 = 0
        let ok = output.withUnsafeMutableBufferPointer { out in
            plain.withUnsafeBufferPointer { input in
                EVP_EncryptUpdate(context, out.baseAddress, &written, input.baseAddress, Int32(input.count)) == 1
                    && EVP_EncryptFinal_ex(context, out.baseAddress! + Int(written), &final) == 1
            }
        }
        guard ok else { throw OpenSSLErrorQueue.drain(operation: "EVP_EncryptUpdate/Final(aes-128-cbc)") }
        return Array(output.prefix(Int(written + final)))
    }
}

internal import CCrypto

/// Incremental MD5 on libcrypto, for `Content-MD5` and S3 ETags (not for security).
public final class MD5Hasher {
    private let context: OpaquePointer

    public init() throws(CryptoError) {
        guard let context = EVP_MD_CTX_new() else {
            throw OpenSSLErrorQueue.drain(operation: "EVP_MD_CTX_new")
        }
        guard EVP_DigestInit_ex(context, EVP_md5(), nil) == 1 else {
            let error = OpenSSLErrorQueue.drain(operation: "EVP_DigestInit_ex(md5)")
            EVP_MD_CTX_free(context)
            throw error
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Adds bytes to the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Finishes the 16-byte digest and resets the hasher.
    public func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 16)
        var length: UInt32 = 0
        _ = EVP_DigestFinal_ex(context, &digest, &length)
        _ = EVP_DigestInit_ex(context, EVP_md5(), nil)
        return digest
    }
}

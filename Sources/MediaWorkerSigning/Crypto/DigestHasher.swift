internal import CCrypto

/// Incremental message digest over libcrypto's EVP interface. One instance owns one
/// `EVP_MD_CTX`. Not thread-safe: use one hasher per stream.
public final class DigestHasher {
    /// The digests media-worker uses.
    public enum Algorithm: Sendable {
        /// SHA-256 (signing, `x-amz-checksum-sha256`).
        case sha256
        /// MD5 (`Content-MD5` and S3 ETags only, never for security).
        case md5

        var name: String { self == .sha256 ? "sha256" : "md5" }
        var evp: OpaquePointer { self == .sha256 ? EVP_sha256() : EVP_md5() }
    }

    public let algorithm: Algorithm
    private let context: OpaquePointer

    /// Creates a hasher ready to take data.
    public init(_ algorithm: Algorithm) throws(CryptoError) {
        guard let context = EVP_MD_CTX_new() else {
            throw OpenSSLErrorQueue.drain(operation: "EVP_MD_CTX_new")
        }
        guard EVP_DigestInit_ex(context, algorithm.evp, nil) == 1 else {
            let error = OpenSSLErrorQueue.drain(operation: "EVP_DigestInit_ex(\(algorithm.name))")
            EVP_MD_CTX_free(context)
            throw error
        }
        self.algorithm = algorithm
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Adds bytes to the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        // EVP_DigestUpdate on an initialised context cannot fail for in-memory input.
        _ = EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Adds bytes to the digest.
    public func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        Array(bytes).withUnsafeBytes { update($0) }
    }

    /// Finishes the digest and resets the hasher for reuse.
    public func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = EVP_DigestFinal_ex(context, &digest, &length)
        _ = EVP_DigestInit_ex(context, algorithm.evp, nil)
        return Array(digest.prefix(Int(length)))
    }
}

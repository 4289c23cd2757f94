internal import CCrypto

/// Incremental SHA-256 over libcrypto's EVP interface. One instance owns one `EVP_MD_CTX`.
///
/// Not thread-safe: use one hasher per stream.
public final class SHA256Hasher {
    private let context: OpaquePointer

    /// Creates a hasher ready to take data.
    public init() throws(CryptoError) {
        guard let context = EVP_MD_CTX_new() else {
            throw OpenSSLErrorQueue.drain(operation: "EVP_MD_CTX_new")
        }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            let error = OpenSSLErrorQueue.drain(operation: "EVP_DigestInit_ex(sha256)")
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
        // EVP_DigestUpdate on an initialised SHA-256 context cannot fail for in-memory input.
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
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = EVP_DigestFinal_ex(context, &digest, &length)
        _ = EVP_DigestInit_ex(context, EVP_sha256(), nil)
        return digest
    }
}

/// One-shot SHA-256 helpers.
public enum SHA256 {
    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        // EVP_Digest with SHA-256 only fails on allocation failure.
        _ = EVP_Digest(bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), bytes.count, &digest, &length, EVP_sha256(), nil)
        return digest
    }

    /// The SHA-256 digest of `bytes`.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        if let digest = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { hash($0) }
    }

    /// The lowercase hex SHA-256 of a UTF-8 string.
    public static func hex(_ string: String) -> String {
        Hex.encode(hash(Array(string.utf8)))
    }

    /// The SHA-256 of the empty string, in hex.
    public static let emptyHex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}

internal import CCrypto

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

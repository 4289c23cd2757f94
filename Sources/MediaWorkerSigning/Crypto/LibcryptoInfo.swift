internal import CCrypto

/// Facts about the linked libcrypto.
public enum LibcryptoInfo {
    /// OpenSSL's version string, for example "OpenSSL 3.0.19 27 Jan 2026".
    public static var version: String { String(cString: mw_openssl_version()) }
}

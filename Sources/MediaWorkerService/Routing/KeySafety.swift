/// Keys the worker refuses to process: they could not be delivered under their intended
/// keys, or would name paths outside the work directory if they ever reached the filesystem.
public enum KeySafety {
    /// Why `key` is refused, or `nil` when it is safe.
    public static func problem(_ key: String) -> String? {
        if key.utf8.count > 1024 { return "the key is \(key.utf8.count) bytes, over S3's 1,024" }
        if key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "the key contains control characters" }
        if key.hasPrefix("/") { return "the key starts with /" }
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        if segments.contains(where: { $0 == "." || $0 == ".." }) { return "the key has a . or .. path segment" }
        if segments.contains(where: { $0.utf8.count > 255 }) { return "a folder or file name in the key is over 255 bytes" }
        return nil
    }
}

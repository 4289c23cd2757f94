/// The key an upload goes to: the watch prefix, then the path the browser gives (the
/// file's name, with its folders when a folder was dropped). Spaces, unicode and folders are
/// kept; what S3 or the worker would read differently is refused: an empty or over-long
/// path, `.` or `..` segments, a leading `/`, control characters, backslashes.
enum UploadKey {
    static func make(prefix: String, path: String) -> String? {
        guard !path.isEmpty, path.utf8.count <= 900, !path.hasPrefix("/"), !path.contains("\\") else { return nil }
        guard !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        return prefix + path
    }
}

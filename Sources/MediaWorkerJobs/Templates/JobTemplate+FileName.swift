extension JobTemplate {
    /// Whether `name` is a plain template file name of a templates folder: `NAME.json`, no
    /// folder, no dot file, no backslash or control character, at most 200 bytes. The one check
    /// for names that come from outside (the console's forms, a re-run's event, a bucket listing).
    public static func isPlainFileName(_ name: String) -> Bool {
        guard name.hasSuffix(".json"), !name.hasPrefix("."), !name.contains("/"), !name.contains("\\"), name.utf8.count <= 200 else { return false }
        return name.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    }
}

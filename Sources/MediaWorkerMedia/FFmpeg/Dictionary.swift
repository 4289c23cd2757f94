internal import CFFmpeg

/// Reads and builds `AVDictionary` values (tags and options).
enum FFDictionary {
    /// All entries of a dictionary.
    static func entries(_ dictionary: OpaquePointer?) -> [String: String] {
        var result: [String: String] = [:]
        var entry: UnsafeMutablePointer<AVDictionaryEntry>? = nil
        while let next = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX) {
            if let key = String(ffmpeg: next.pointee.key), let value = String(ffmpeg: next.pointee.value) {
                result[key] = value
            }
            entry = next
        }
        return result
    }

    /// Calls `body` with a dictionary of `options`, then frees what FFmpeg left in it;
    /// returns the keys FFmpeg did not consume.
    @discardableResult
    static func withOptions(_ options: [String: String], _ body: (UnsafeMutablePointer<OpaquePointer?>) throws -> Void) rethrows -> [String] {
        var dictionary: OpaquePointer? = nil
        for (key, value) in options { av_dict_set(&dictionary, key, value, 0) }
        defer { av_dict_free(&dictionary) }
        try body(&dictionary)
        return Array(entries(dictionary).keys)
    }
}

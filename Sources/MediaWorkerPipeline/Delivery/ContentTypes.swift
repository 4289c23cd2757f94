/// Content types of the files media-worker handles, by extension.
public enum ContentTypes {
    public static let byExtension: [String: String] = [
        "mp4": "video/mp4", "m4v": "video/mp4", "mov": "video/quicktime", "mkv": "video/x-matroska", "webm": "video/webm",
        "ts": "video/mp2t", "avi": "video/x-msvideo", "mxf": "application/mxf", "mp3": "audio/mpeg", "m4a": "audio/mp4",
        "aac": "audio/aac", "wav": "audio/wav", "flac": "audio/flac", "ogg": "audio/ogg", "opus": "audio/opus",
        "srt": "application/x-subrip", "vtt": "text/vtt", "sbv": "text/plain", "ttml": "application/ttml+xml",
        "dfxp": "application/ttml+xml", "json": "application/json", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
        "m3u8": "application/vnd.apple.mpegurl", "m4s": "video/iso.segment", "aif": "audio/aiff", "aiff": "audio/aiff",
        "wma": "audio/x-ms-wma", "mpg": "video/mpeg", "mpeg": "video/mpeg", "m2ts": "video/mp2t", "mts": "video/mp2t", "3gp": "video/3gpp",
    ]

    /// The content type for a file name or key, `application/octet-stream` when unknown.
    public static func forPath(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}

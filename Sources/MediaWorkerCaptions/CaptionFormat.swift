import Foundation

/// The caption formats media-worker reads.
public enum CaptionFormat: String, Sendable, CaseIterable {
    case srt
    case sbv
    case webvtt
    case ttml

    /// The format a file name's extension names (`.srt`, `.sbv`, `.vtt`, `.ttml`, `.dfxp`, `.xml`).
    public init?(fileName: String) {
        let lower = fileName.lowercased()
        guard let dot = lower.lastIndex(of: ".") else { return nil }
        switch lower[lower.index(after: dot)...] {
        case "srt": self = .srt
        case "sbv": self = .sbv
        case "vtt", "webvtt": self = .webvtt
        case "ttml", "dfxp", "xml": self = .ttml
        default: return nil
        }
    }

    /// The format the text itself shows, for files whose name does not say.
    public static func sniff(_ text: Substring) -> CaptionFormat? {
        let head = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.prefix(512)
        if head.hasPrefix("WEBVTT") { return .webvtt }
        if head.hasPrefix("<") { return .ttml }
        for line in head.split(whereSeparator: \.isNewline).prefix(3) {
            if line.contains("-->") { return .srt }
            if line.range(of: #"^\d+:\d{2}:\d{2}\.\d{3},\d+:\d{2}:\d{2}\.\d{3}"#, options: .regularExpression) != nil { return .sbv }
        }
        return nil
    }
}

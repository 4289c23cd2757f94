import Foundation

/// The URIs an HLS playlist references (RFC 8216): every URI line, and the `URI="…"`
/// attribute of tags such as `EXT-X-MAP`, `EXT-X-MEDIA` and `EXT-X-I-FRAME-STREAM-INF`.
enum HLSReferences {
    static func uris(in playlist: String) -> [String] {
        var uris: [String] = []
        for raw in playlist.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if !line.hasPrefix("#") {
                uris.append(line)
                continue
            }
            // EXT-X-KEY's URI is the key server's, not a delivered object.
            guard !line.hasPrefix("#EXT-X-KEY"), !line.hasPrefix("#EXT-X-SESSION-KEY"), let start = line.range(of: "URI=\"") else { continue }
            let rest = line[start.upperBound...]
            if let end = rest.firstIndex(of: "\"") { uris.append(String(rest[..<end])) }
        }
        return uris
    }
}

import Foundation
import MediaWorkerMedia

/// A media playlist as MediaConvert writes it: VOD, media sequence 1, `EXTINF` as integers
/// or decimals (`ManifestDurationFormat`), byte ranges for single files, the key and, with
/// `ProgramDateTime`, dates every period.
enum HLSMediaPlaylist {
    struct Key {
        var uri: String
        /// A constant IV; `nil` when each segment's IV is its media sequence number.
        var iv: [UInt8]?
        /// Whether the playlist says the IV (`InitializationVectorInManifest` INCLUDE): a
        /// constant IV once, a sequence-number IV in a key before each segment.
        var writesIV: Bool = true
        var keyFormat: String?
        var keyFormatVersions: String?

        /// The `EXT-X-KEY` line with `iv`, or without an IV attribute.
        func line(iv: [UInt8]?) -> String {
            var attributes = ["METHOD=AES-128", "URI=\"\(uri)\""]
            if let iv { attributes.append("IV=0x" + iv.map { String(format: "%02X", $0) }.joined()) }
            if let format = keyFormat { attributes.append("KEYFORMAT=\"\(format)\"") }
            if let versions = keyFormatVersions { attributes.append("KEYFORMATVERSIONS=\"\(versions)\"") }
            return "#EXT-X-KEY:" + attributes.joined(separator: ",") + "\n"
        }

        /// The 16 bytes of a media sequence number, big-endian.
        static func sequenceIV(_ number: Int) -> [UInt8] {
            [UInt8](repeating: 0, count: 8) + (0..<8).map { UInt8(truncatingIfNeeded: UInt64(number) >> (8 * (7 - $0))) }
        }
    }

    /// `prefix` is the segments' folder relative to the playlist (`720p/` or empty).
    static func render(
        _ index: SegmentIndex, prefix: String, integerDurations: Bool, key: Key?, programDateTime: (start: Date, period: Int)?
    ) -> String {
        let target = index.segments.map { Int($0.duration.rounded()) }.max() ?? 1
        var version = 3
        if index.segments.contains(where: { $0.byteRange != nil }) { version = max(version, 4) }
        if key?.keyFormat != nil { version = max(version, 5) }
        if index.initialization != nil { version = max(version, 6) }
        var text = "#EXTM3U\n#EXT-X-VERSION:\(version)\n#EXT-X-TARGETDURATION:\(max(target, 1))\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n"
        // One key for the playlist, unless each segment's IV is its sequence number and is written.
        let keyPerSegment = key.map { $0.iv == nil && $0.writesIV } ?? false
        if let key, !keyPerSegment { text += key.line(iv: key.writesIV ? key.iv : nil) }
        if let map = index.initialization {
            text += "#EXT-X-MAP:URI=\"\(prefix)\(map.file)\"" + (map.byteRange.map { ",BYTERANGE=\"\($0.length)@\($0.offset)\"" } ?? "") + "\n"
        }
        var elapsed = 0.0
        var lastDate: Double?
        for (number, segment) in index.segments.enumerated() {
            if let key, keyPerSegment { text += key.line(iv: Key.sequenceIV(number + 1)) }
            if let programDateTime, lastDate == nil || elapsed - lastDate! >= Double(programDateTime.period) {
                text += "#EXT-X-PROGRAM-DATE-TIME:" + Self.date(programDateTime.start.addingTimeInterval(elapsed)) + "\n"
                lastDate = elapsed
            }
            text += "#EXTINF:" + (integerDurations ? "\(Int(segment.duration.rounded()))" : String(format: "%.5f", segment.duration)) + ",\n"
            if let range = segment.byteRange { text += "#EXT-X-BYTERANGE:\(range.length)@\(range.offset)\n" }
            text += prefix + segment.file + "\n"
            elapsed += segment.duration
        }
        return text + "#EXT-X-ENDLIST\n"
    }

    /// ISO 8601 with milliseconds in UTC (`2026-12-02T04:00:00.000Z`).
    static func date(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}

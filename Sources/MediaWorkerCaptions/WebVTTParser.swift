/// WebVTT: the `WEBVTT` header, then cues with optional identifiers and settings; NOTE,
/// STYLE and REGION blocks are dropped.
enum WebVTTParser {
    static func parse(_ text: String) throws(CaptionError) -> [CaptionCue] {
        let lines = CaptionLines(text)
        guard lines.count > 0, lines[0].hasPrefix("WEBVTT"),
            lines[0].count == 6 || lines[0].dropFirst(6).first.map({ $0 == " " || $0 == "\t" }) == true
        else {
            throw CaptionError(.malformed, "a WebVTT file must start with 'WEBVTT'", line: 1)
        }
        var index = lines.block(from: 0).next
        var cues: [CaptionCue] = []
        while index < lines.count {
            if CaptionLines.isBlank(lines[index]) { index += 1; continue }
            let first = lines[index]
            if first.hasPrefix("NOTE") || first.hasPrefix("STYLE") || first.hasPrefix("REGION") {
                index = lines.block(from: index).next
                continue
            }
            var identifier: String?
            if !first.contains("-->") {
                identifier = String(first)
                index += 1
                guard index < lines.count else {
                    throw CaptionError(.malformed, "cue '\(first.prefix(40))' has no timing line", line: index)
                }
            }
            let (start, end, settings) = try TimingLine.parse(lines[index], line: index + 1, example: "00:00:01.000 --> 00:00:04.000")
            let (textLines, next) = lines.block(from: index + 1)
            cues.append(CaptionCue(start: start, end: end, text: textLines.joined(separator: "\n"), identifier: identifier, settings: settings))
            index = next
        }
        return cues
    }
}

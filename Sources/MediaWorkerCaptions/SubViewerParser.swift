/// SubViewer (`.sbv`, YouTube): `0:00:01.000,0:00:04.000`, text, a blank line.
enum SubViewerParser {
    static func parse(_ text: String) throws(CaptionError) -> [CaptionCue] {
        let lines = CaptionLines(text)
        var cues: [CaptionCue] = []
        var index = 0
        while index < lines.count {
            if CaptionLines.isBlank(lines[index]) { index += 1; continue }
            let timing = lines[index].trimmingWhitespace
            let parts = timing.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2, let start = CaptionTime.parseClock(parts[0]), let end = CaptionTime.parseClock(parts[1]) else {
                throw CaptionError(.malformed, "expected a timing line like '0:00:01.000,0:00:04.000', found '\(timing.prefix(60))'", line: index + 1)
            }
            let (textLines, next) = lines.block(from: index + 1)
            cues.append(CaptionCue(start: start, end: end, text: textLines.joined(separator: "\n")))
            index = next
        }
        return cues
    }
}

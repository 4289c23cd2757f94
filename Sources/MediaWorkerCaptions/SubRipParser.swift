/// SubRip (`.srt`): numbered blocks, `00:00:01,000 --> 00:00:04,000`, text, a blank line.
enum SubRipParser {
    static func parse(_ text: String) throws(CaptionError) -> [CaptionCue] {
        let lines = CaptionLines(text)
        var cues: [CaptionCue] = []
        var index = 0
        while index < lines.count {
            if CaptionLines.isBlank(lines[index]) { index += 1; continue }
            var identifier: String?
            let first = lines[index].trimmingWhitespace
            if !first.isEmpty, first.allSatisfy({ $0.isASCII && $0.isNumber }) {
                identifier = String(first)
                index += 1
                guard index < lines.count else {
                    throw CaptionError(.malformed, "cue \(first) has no timing line (expected '00:00:01,000 --> 00:00:04,000')", line: index)
                }
            }
            let (start, end, _) = try TimingLine.parse(lines[index], line: index + 1, example: "00:00:01,000 --> 00:00:04,000")
            let (textLines, next) = lines.block(from: index + 1)
            cues.append(CaptionCue(start: start, end: end, text: textLines.joined(separator: "\n"), identifier: identifier))
            index = next
        }
        return cues
    }
}

/// The `start --> end [settings]` line shared by SRT and WebVTT.
enum TimingLine {
    static func parse(_ line: Substring, line number: Int, example: String) throws(CaptionError) -> (Double, Double, String?) {
        guard let arrow = line.firstRange(of: "-->") else {
            throw CaptionError(.malformed, "expected a timing line like '\(example)', found '\(line.prefix(60))'", line: number)
        }
        let startText = line[..<arrow.lowerBound].trimmingWhitespace
        let rest = line[arrow.upperBound...].trimmingWhitespace
        let endText = rest.prefix { !$0.isWhitespace }
        let settings = rest.dropFirst(endText.count).trimmingWhitespace
        guard let start = CaptionTime.parseClock(startText) else {
            throw CaptionError(.malformed, "'\(startText)' is not a timestamp (expected the form of '\(example)')", line: number)
        }
        guard let end = CaptionTime.parseClock(endText) else {
            throw CaptionError(.malformed, "'\(endText)' is not a timestamp (expected the form of '\(example)')", line: number)
        }
        return (start, end, settings.isEmpty ? nil : String(settings))
    }
}

extension Substring {
    var trimmingWhitespace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<Swift.max(start, end)]
    }
}

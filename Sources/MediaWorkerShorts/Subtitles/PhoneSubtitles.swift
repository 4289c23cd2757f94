public import MediaWorkerCaptions
import Foundation

/// Captions re-cut for a phone: lines of at most `SubtitleStyle.maximumLineLength` characters,
/// at most `maximumLines` lines per subtitle (a longer cue is split into consecutive subtitles,
/// each shown for its share of the cue's time by characters), markup removed, and times moved to
/// the short's own clock.
public enum PhoneSubtitles {
    /// The cues of `cues` that fall in `start..<end` of the programme, re-timed from 0 and re-cut.
    public static func layout(_ cues: [CaptionCue], from start: Double, to end: Double, style: SubtitleStyle) -> [CaptionCue] {
        var result: [CaptionCue] = []
        for cue in cues.sorted(by: { $0.start < $1.start }) where cue.end > start && cue.start < end {
            let cueStart = max(cue.start, start) - start
            let cueEnd = min(cue.end, end) - start
            let lines = wrap(plain(cue.text), width: style.maximumLineLength)
            guard !lines.isEmpty, cueEnd > cueStart else { continue }
            let pages = stride(from: 0, to: lines.count, by: style.maximumLines).map {
                Array(lines[$0..<min(lines.count, $0 + style.maximumLines)])
            }
            let total = Double(pages.reduce(0) { $0 + $1.joined().count })
            var time = cueStart
            for (index, page) in pages.enumerated() {
                let share = total > 0 ? Double(page.joined().count) / total : 1 / Double(pages.count)
                let pageEnd = index == pages.count - 1 ? cueEnd : time + (cueEnd - cueStart) * share
                result.append(CaptionCue(start: time, end: pageEnd, text: page.joined(separator: "\n")))
                time = pageEnd
            }
        }
        return result
    }

    /// Words into lines of at most `width` characters; a longer word is cut.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for var word in text.split(whereSeparator: { $0.isWhitespace }).map(String.init) {
            while word.count > width {
                if !line.isEmpty { lines.append(line); line = "" }
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            if line.isEmpty {
                line = word
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// The text without WebVTT/SRT markup (`<i>`, `{\an8}`).
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\\{\\\\[^}]*\\}", with: "", options: .regularExpression)
    }
}

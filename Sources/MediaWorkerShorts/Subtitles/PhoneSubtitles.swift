public import MediaWorkerCaptions
import Foundation

/// Captions re-cut for a phone: lines of at most `SubtitleStyle.maximumLineLength` characters,
/// at most `maximumLines` lines per subtitle (a longer cue is split into consecutive subtitles),
/// markup removed, and times moved to the short's own clock. A subtitle after the first of a
/// cue starts when its first word is spoken where a cue timestamp (`<00:01:02.500>`) says so,
/// else after the earlier ones' share of the cue's time by characters; the cue timestamps are
/// kept in the text, on the short's clock, for ``PhraseHighlight``.
public enum PhoneSubtitles {
    /// The cues of `cues` that fall in `start..<end` of the programme, re-timed from 0 and re-cut.
    public static func layout(_ cues: [CaptionCue], from start: Double, to end: Double, style: SubtitleStyle) -> [CaptionCue] {
        var result: [CaptionCue] = []
        for cue in cues.sorted(by: { $0.start < $1.start }) where cue.end > start && cue.start < end {
            let cueStart = max(cue.start, start) - start
            let cueEnd = min(cue.end, end) - start
            let lines = wrap(CueTimestamps.words(cue.text), width: style.maximumLineLength)
            guard !lines.isEmpty, cueEnd > cueStart else { continue }
            let pages = stride(from: 0, to: lines.count, by: style.maximumLines).map {
                Array(lines[$0..<min(lines.count, $0 + style.maximumLines)])
            }
            var remaining = pages.reduce(0) { $0 + characters($1) }
            var time = cueStart
            for (index, page) in pages.enumerated() {
                var pageEnd = cueEnd
                if index < pages.count - 1 {
                    let shared = remaining > 0 ? time + (cueEnd - time) * Double(characters(page)) / Double(remaining) : time + (cueEnd - time) / Double(pages.count - index)
                    let spoken = pages[index + 1].first?.first?.start.map { $0 - start }
                    pageEnd = spoken.flatMap { $0 > time && $0 < cueEnd ? $0 : nil } ?? shared
                }
                remaining -= characters(page)
                result.append(CaptionCue(start: time, end: pageEnd, text: text(page, offset: start)))
                time = pageEnd
            }
        }
        return result
    }

    /// The characters of a subtitle's lines, the spaces between words counted.
    static func characters(_ page: [[TimedWord]]) -> Int {
        page.reduce(0) { $0 + $1.reduce(0) { $0 + $1.text.count } + max(0, $1.count - 1) }
    }

    /// A subtitle's text: its lines, each word after the tag of its time on the short's clock.
    static func text(_ page: [[TimedWord]], offset: Double) -> String {
        page.map { line in
            line.map { word in word.start.map { $0 >= offset ? CueTimestamps.tag($0 - offset) : "" }.map { $0 + word.text } ?? word.text }
                .joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// Words into lines of at most `width` characters; a longer word is cut (its time kept by
    /// its first piece).
    static func wrap(_ words: [TimedWord], width: Int) -> [[TimedWord]] {
        var lines: [[TimedWord]] = []
        var line: [TimedWord] = []
        var length = 0
        for var word in words {
            while word.text.count > width {
                if !line.isEmpty { lines.append(line); line = []; length = 0 }
                lines.append([TimedWord(text: String(word.text.prefix(width)), start: word.start)])
                word = TimedWord(text: String(word.text.dropFirst(width)))
            }
            if line.isEmpty {
                (line, length) = ([word], word.text.count)
            } else if length + 1 + word.text.count <= width {
                line.append(word)
                length += 1 + word.text.count
            } else {
                lines.append(line)
                (line, length) = ([word], word.text.count)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// The text without markup (`<i>`, cue timestamps, `{\an8}`).
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\\{\\\\[^}]*\\}", with: "", options: .regularExpression)
    }
}

/// WebVTT cue timestamps: `<00:00:01.500>` inside a cue's text, the time from which the text
/// after it is spoken (karaoke-style word times, as automatic captions write them:
/// `So<00:00:01.319><c> this</c><00:00:01.620><c> is</c>`). The WebVTT writer keeps them,
/// a caption `TimeDelta` moves them with their cue, and the shorts' phrase highlight takes its
/// word times from them.
public enum CueTimestamps {
    /// The seconds of a timestamp tag's inside (`00:01.500`, `00:00:01.500`): WebVTT's
    /// `(hh:)mm:ss.ttt`, exactly three fraction digits; `nil` for anything else.
    public static func seconds<S: StringProtocol>(_ inside: S) -> Double? {
        let parts = inside.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), let last = parts.last else { return nil }
        let fields = last.split(separator: ".", omittingEmptySubsequences: false)
        guard fields.count == 2, fields[0].count == 2, fields[1].count == 3, parts.dropLast().last?.count == 2,
            parts.count == 2 || parts[0].count >= 2
        else { return nil }
        return CaptionTime.parseClock(Substring(inside))
    }

    /// The words of `text` (split on white space, lines counted at `\n`), markup and SSA
    /// override blocks removed, each with the time of the last timestamp before it that no
    /// earlier word took.
    public static func words(_ text: String) -> [TimedWord] {
        var words: [TimedWord] = []
        var current = ""
        var currentStart: Double?
        var pending: Double?
        var line = 0
        func finish() {
            if !current.isEmpty { words.append(TimedWord(text: current, start: currentStart, line: line)) }
            current = ""
            currentStart = nil
        }
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "<", let close = text[index...].firstIndex(of: ">") {
                if let time = seconds(text[text.index(after: index)..<close]) {
                    // A time inside a word belongs to the next word.
                    finish()
                    pending = time
                }
                index = text.index(after: close)
                continue
            }
            if character == "{", text[index...].dropFirst().first == "\\", let close = text[index...].firstIndex(of: "}") {
                index = text.index(after: close)
                continue
            }
            if character.isNewline {
                finish()
                line += 1
            } else if character.isWhitespace {
                finish()
            } else {
                if current.isEmpty {
                    currentStart = pending
                    pending = nil
                }
                current.append(character)
            }
            index = text.index(after: index)
        }
        finish()
        // Lines numbered by the text's own lines, without empty ones.
        let used = Array(Set(words.map(\.line))).sorted()
        return words.map { var word = $0; word.line = used.firstIndex(of: $0.line) ?? 0; return word }
    }

    /// `text` with every cue timestamp moved by `delta` seconds (not below 0).
    public static func shifted(_ text: String, by delta: Double) -> String {
        guard delta != 0, text.contains("<") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "<", let close = text[index...].firstIndex(of: ">"), let time = seconds(text[text.index(after: index)..<close]) {
                result += "<\(CaptionTime.format(max(0, time + delta)))>"
                index = text.index(after: close)
                continue
            }
            result.append(text[index])
            index = text.index(after: index)
        }
        return result
    }
}

extension CueTimestamps {
    /// The tag for `seconds`: `<00:00:01.500>`.
    public static func tag(_ seconds: Double) -> String { "<\(CaptionTime.format(seconds))>" }
}

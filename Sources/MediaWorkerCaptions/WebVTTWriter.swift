/// Writes cues as WebVTT: hours always present, markup WebVTT allows kept, everything else
/// escaped so that a `<` or `&` in the text cannot break the file.
public enum WebVTTWriter {
    public static func write(_ cues: [CaptionCue]) -> String {
        var output = "WEBVTT\n"
        for cue in cues {
            output += "\n"
            if let identifier = cue.identifier, !identifier.contains("-->") { output += identifier + "\n" }
            output += "\(CaptionTime.format(cue.start)) --> \(CaptionTime.format(cue.end))"
            if let settings = cue.settings { output += " " + settings }
            output += "\n" + escape(cue.text) + "\n"
        }
        return output
    }

    private static let allowedTags: Set<String> = ["i", "b", "u", "c", "v", "ruby", "rt", "lang"]

    /// Keeps `<i>`, `<b>`, `<u>`, `<c.x>`, `<v Name>`, cue timestamps (`<00:00:01.500>`) and
    /// entities; escapes other `<` and `&`;
    /// drops SSA override blocks (`{\an8}`) that SRT tools leave in; never leaves a blank line.
    static func escape(_ text: String) -> String {
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "{", text[index...].dropFirst().first == "\\", let close = text[index...].firstIndex(of: "}") {
                index = text.index(after: close)
                continue
            }
            if character == "<", let close = text[index...].firstIndex(of: ">") {
                let inner = text[text.index(after: index)..<close]
                let name = inner.drop { $0 == "/" }.prefix { $0.isLetter }
                if allowedTags.contains(name.lowercased()) && !inner.contains("<") || CueTimestamps.seconds(inner) != nil {
                    result += text[index...close]
                    index = text.index(after: close)
                    continue
                }
                result += "&lt;"
            } else if character == "&" {
                let rest = text[text.index(after: index)...]
                let entity = rest.prefix { $0.isLetter || $0.isNumber || $0 == "#" }
                result += !entity.isEmpty && rest.dropFirst(entity.count).first == ";" ? "&" : "&amp;"
            } else if character == ">" {
                result += "&gt;"
            } else {
                result.append(character)
            }
            index = text.index(after: index)
        }
        let lines = result.split(separator: "\n", omittingEmptySubsequences: true).map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
        return lines.joined(separator: "\n").replacingArrows
    }
}

extension String {
    /// `-->` cannot appear in cue text.
    fileprivate var replacingArrows: String {
        var text = self
        while let range = text.firstRange(of: "-->") { text.replaceSubrange(range, with: "--&gt;") }
        return text
    }
}

public import MediaWorkerCaptions

/// The phrase being spoken in a subtitle, for `Subtitles.HighlightCurrentPhrase`: one word of
/// the subtitle, when it is highlighted, and the subtitle's words by line.
public struct PhraseHighlight: Sendable, Equatable {
    /// Seconds, on the subtitle's clock.
    public var start: Double
    public var end: Double
    /// The subtitle's words, line by line.
    public var lines: [[String]]
    /// Which word is highlighted: its line, and its place in that line.
    public var line: Int
    public var offset: Int

    public init(start: Double, end: Double, lines: [[String]], line: Int, offset: Int) {
        self.start = start
        self.end = end
        self.lines = lines
        self.line = line
        self.offset = offset
    }

    /// The highlighted word's text.
    public var word: String { lines[line][offset] }

    /// The words of `cue` in turn, each for its share of the cue's time by characters (cues
    /// carry no word times): a word of 8 letters is highlighted twice as long as one of 4, and
    /// the last one ends with the cue.
    public static func words(of cue: CaptionCue) -> [PhraseHighlight] {
        let lines = cue.text.split(separator: "\n").map { $0.split(whereSeparator: \.isWhitespace).map(String.init) }.filter { !$0.isEmpty }
        let words = lines.enumerated().flatMap { line, words in words.indices.map { (line: line, offset: $0, count: words[$0].count) } }
        let total = Double(words.reduce(0) { $0 + $1.count })
        guard total > 0 else { return [] }
        var result: [PhraseHighlight] = []
        var done = 0
        for (index, word) in words.enumerated() {
            let start = cue.start + (cue.end - cue.start) * Double(done) / total
            done += word.count
            let end = index == words.count - 1 ? cue.end : cue.start + (cue.end - cue.start) * Double(done) / total
            result.append(PhraseHighlight(start: start, end: end, lines: lines, line: word.line, offset: word.offset))
        }
        return result
    }
}

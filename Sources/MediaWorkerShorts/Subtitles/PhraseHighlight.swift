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

    /// The words of `cue` in turn. A word after a cue timestamp (`<00:00:01.500>`, WebVTT's
    /// karaoke-style word times) starts at that time; the words between two such times (or
    /// the cue's start and end) share that stretch by characters: a word of 8 letters is
    /// highlighted twice as long as one of 4. The first word starts with the cue and the last
    /// ends with it; a time outside the cue, or not after the previous one, is not used.
    public static func words(of cue: CaptionCue) -> [PhraseHighlight] {
        let timed = CueTimestamps.words(cue.text)
        guard !timed.isEmpty else { return [] }
        var lines: [[String]] = []
        var places: [(line: Int, offset: Int)] = []
        for word in timed {
            while lines.count <= word.line { lines.append([]) }
            places.append((word.line, lines[word.line].count))
            lines[word.line].append(word.text)
        }
        // The words whose start is known: the first, and those after a usable timestamp.
        var anchors: [(index: Int, time: Double)] = [(0, cue.start)]
        for (index, word) in timed.enumerated().dropFirst() {
            if let time = word.start, time > anchors[anchors.count - 1].time, time < cue.end { anchors.append((index, time)) }
        }
        anchors.append((timed.count, cue.end))
        var starts = [Double](repeating: cue.start, count: timed.count)
        for (from, to) in zip(anchors, anchors.dropFirst()) {
            let total = Double(timed[from.index..<to.index].reduce(0) { $0 + $1.text.count })
            var done = 0
            for index in from.index..<to.index {
                starts[index] = total > 0 ? from.time + (to.time - from.time) * Double(done) / total : from.time
                done += timed[index].text.count
            }
        }
        return timed.indices.map { index in
            PhraseHighlight(
                start: starts[index], end: index == timed.count - 1 ? cue.end : starts[index + 1], lines: lines,
                line: places[index].line, offset: places[index].offset)
        }
    }
}

/// Scores any window of a `SignalTimeline` in constant time (prefix sums of every signal).
struct WindowScorer: Sendable {
    private let timeline: SignalTimeline
    private let speech: PrefixSums
    private let loudness: PrefixSums
    private let motion: PrefixSums
    private let faces: PrefixSums
    private let silence: PrefixSums
    private let still: PrefixSums
    private let captionCharacters: PrefixSums
    let sentences: SentenceBoundaries

    /// Caption characters per second that count as fully dense (a fast talker).
    static let denseCaptions = 15.0
    /// Cuts per minute that count as fully cut (a trailer).
    static let busyCuts = 20.0
    /// How far above the median momentary loudness counts as fully loud, in LU.
    static let loudRise = 10.0

    init(_ timeline: SignalTimeline) {
        self.timeline = timeline
        let count = timeline.count
        let median = Self.median(timeline.loudness.prefix(count).filter { $0 > -60 })
        speech = PrefixSums(Array(timeline.speech.prefix(count)).map { min(1, max(0, $0)) })
        loudness = PrefixSums(timeline.loudness.prefix(count).map { min(1, max(0, ($0 - median) / Self.loudRise)) })
        motion = PrefixSums(Array(timeline.motion.prefix(count)).map { min(1, max(0, $0)) })
        faces = PrefixSums(Array(timeline.faces.prefix(count)).map { min(1, max(0, $0)) })
        silence = PrefixSums((0..<count).map { timeline.loudness[$0] < -50 && timeline.speech[$0] < 0.1 ? 1 : 0 })
        still = PrefixSums((0..<count).map { timeline.brightness[$0] < 0.06 || timeline.motion[$0] < 0.005 ? 1 : 0 })
        var characters = [Double](repeating: 0, count: count)
        for cue in timeline.cues where cue.end > cue.start {
            let letters = Double(cue.text.filter { !$0.isWhitespace }.count)
            let first = timeline.sample(at: cue.start)
            let last = max(first, timeline.sample(at: cue.end - 1e-6))
            let perSample = letters / Double(last - first + 1)
            for index in first...last where index < count { characters[index] += perSample }
        }
        captionCharacters = PrefixSums(characters)
        sentences = SentenceBoundaries(timeline.cues)
    }

    func scores(start: Double, end: Double) -> SignalScores {
        let range = timeline.sample(at: start)..<max(timeline.sample(at: start) + 1, timeline.sample(at: end - 1e-6) + 1)
        let seconds = max(1e-6, end - start)
        let cutCount = timeline.shotCuts.filter { $0 > start + 0.05 && $0 < end - 0.05 }.count
        let charactersPerSecond = captionCharacters.mean(range) * Double(range.count) / seconds
        var sentenceCuts = 0
        if sentences.isInsideSentence(start) { sentenceCuts += 1 }
        if sentences.isInsideSentence(end) { sentenceCuts += 1 }
        return SignalScores(
            speech: speech.mean(range), captions: min(1, charactersPerSecond / Self.denseCaptions), loudness: loudness.mean(range),
            motion: motion.mean(range), faces: faces.mean(range), cuts: min(1, Double(cutCount) / seconds * 60 / Self.busyCuts),
            silence: silence.mean(range), still: still.mean(range), sentenceCuts: sentenceCuts)
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return -23 }
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}

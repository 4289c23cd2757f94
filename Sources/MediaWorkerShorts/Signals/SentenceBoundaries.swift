public import MediaWorkerCaptions
import Foundation

/// Where sentences start and end in an upload's captions, and whether a time falls inside a
/// cue (a short must not start or end while a caption is on screen).
public struct SentenceBoundaries: Sendable, Equatable {
    /// The starts of cues that begin a sentence (the first cue, or one after a cue that ended one).
    public var starts: [Double]
    /// The ends of cues whose text ends a sentence (`.`, `!`, `?`, `…`, or a closing quote after one).
    public var ends: [Double]
    private let cues: [CaptionCue]

    public init(_ cues: [CaptionCue]) {
        let sorted = cues.sorted { $0.start < $1.start }
        self.cues = sorted
        var starts: [Double] = []
        var ends: [Double] = []
        var previousEnded = true
        for cue in sorted {
            if previousEnded { starts.append(cue.start) }
            previousEnded = Self.endsSentence(cue.text)
            if previousEnded { ends.append(cue.end) }
        }
        self.starts = starts
        self.ends = ends
    }

    /// True when `seconds` lies strictly inside a cue (more than `tolerance` from both its ends).
    public func isInsideCue(_ seconds: Double, tolerance: Double = 0.05) -> Bool {
        cues.contains { seconds > $0.start + tolerance && seconds < $0.end - tolerance }
    }

    /// True when the sentence that `seconds` falls in is cut there: it lies after a sentence
    /// start and before that sentence's end.
    public func isInsideSentence(_ seconds: Double, tolerance: Double = 0.05) -> Bool {
        guard let start = starts.last(where: { $0 < seconds - tolerance }) else { return false }
        guard let end = ends.first(where: { $0 >= start }) else { return true }
        return seconds < end - tolerance
    }

    static func endsSentence(_ text: String) -> Bool {
        let stripped = text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        let trimmed = stripped.trimmingCharacters(in: .whitespacesAndNewlines)
        let closers: Set<Character> = ["\"", "'", "”", "’", ")", "»"]
        var characters = Substring(trimmed)
        while let last = characters.last, closers.contains(last) { characters = characters.dropLast() }
        guard let last = characters.last else { return false }
        return [".", "!", "?", "…", "。", "！", "？"].contains(last)
    }
}

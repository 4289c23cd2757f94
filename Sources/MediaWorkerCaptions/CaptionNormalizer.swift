/// Makes cues safe to play: sorted, without empty text, without zero or negative
/// durations, with cues that start together merged and overlaps trimmed.
public enum CaptionNormalizer {
    /// What was changed.
    public struct Fixes: Sendable, Equatable {
        public var droppedEmpty = 0
        public var mergedSameStart = 0
        public var trimmedOverlaps = 0
        public var extendedZeroLength = 0
        public var total: Int { droppedEmpty + mergedSameStart + trimmedOverlaps + extendedZeroLength }
    }

    /// How long a cue with no usable end is shown, at most.
    static let defaultDuration = 2.0

    public static func normalize(_ input: [CaptionCue]) -> (cues: [CaptionCue], fixes: Fixes) {
        var fixes = Fixes()
        var cues = input.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
        let before = cues.count
        cues.removeAll { $0.text.allSatisfy(\.isWhitespace) }
        fixes.droppedEmpty = before - cues.count
        var merged: [CaptionCue] = []
        for cue in cues {
            if let last = merged.last, abs(last.start - cue.start) < 0.0005 {
                merged[merged.count - 1].text += "\n" + cue.text
                merged[merged.count - 1].end = max(last.end, cue.end)
                fixes.mergedSameStart += 1
            } else {
                merged.append(cue)
            }
        }
        for index in merged.indices {
            let nextStart = index + 1 < merged.count ? merged[index + 1].start : nil
            if merged[index].end <= merged[index].start {
                merged[index].end = min(merged[index].start + defaultDuration, nextStart ?? .infinity)
                fixes.extendedZeroLength += 1
            } else if let nextStart, merged[index].end > nextStart {
                merged[index].end = nextStart
                fixes.trimmedOverlaps += 1
            }
        }
        return (merged, fixes)
    }
}

/// Finds the moments worth a short: candidate windows that start and end on shot or sentence
/// boundaries within the allowed durations, scored from the weighted signals, overlapping ones
/// dropped, the best `count` kept. Pure: the same timeline and parameters give the same result.
public struct MomentFinder: Sendable {
    public var parameters: ShortsParameters

    public init(parameters: ShortsParameters) {
        self.parameters = parameters
    }

    /// Every candidate (the best window from each boundary) with its scores and the reason it
    /// was or was not chosen, and the chosen ones by rank.
    public func find(in timeline: SignalTimeline) throws(ShortsError) -> MomentSelection {
        if let problem = (parameters.problems + timeline.problems).first { throw ShortsError(.invalidParameters, problem) }
        guard timeline.duration >= parameters.minimumDuration else {
            throw ShortsError(.tooShort, "the upload is \(Self.format(timeline.duration)) s long, shorter than the shortest short "
                + "(MinDuration \(Self.format(parameters.minimumDuration)) s); lower MinDuration or upload a longer programme")
        }
        let scorer = WindowScorer(timeline)
        let (starts, ends) = boundaries(timeline, sentences: scorer.sentences)
        var candidates: [MomentCandidate] = []
        for start in starts {
            var best: MomentCandidate?
            for end in ends where end - start >= parameters.minimumDuration - 1e-6 && end - start <= parameters.maximumDuration + 1e-6 {
                let signals = scorer.scores(start: start, end: end)
                let candidate = MomentCandidate(start: start, end: end, signals: signals, score: signals.score(parameters.weights))
                if best.map({ isBetter(candidate, than: $0) }) ?? true { best = candidate }
            }
            if let best { candidates.append(best) }
        }
        return select(candidates)
    }

    /// Ranks already scored candidates again with these parameters' weights (`--rescore`).
    public func rescore(_ candidates: [MomentCandidate]) -> MomentSelection {
        select(candidates.map { candidate in
            var candidate = candidate
            candidate.score = candidate.signals.score(parameters.weights)
            return candidate
        })
    }

    private func select(_ candidates: [MomentCandidate]) -> MomentSelection {
        var ordered = candidates.sorted { isBetter($0, than: $1) }
        var chosen: [MomentCandidate] = []
        for index in ordered.indices {
            ordered[index].rank = nil
            if chosen.count >= parameters.count {
                ordered[index].reason = "not among the \(parameters.count) best that do not overlap"
                continue
            }
            if let (rank, overlap) = chosen.enumerated().map({ ($0.offset + 1, ordered[index].overlap(with: $0.element)) })
                .first(where: { $0.1 > parameters.maximumOverlap })
            {
                ordered[index].reason = "overlaps short \(rank) by \(Int((overlap * 100).rounded())) % (MaxOverlap \(Int((parameters.maximumOverlap * 100).rounded())) %)"
                continue
            }
            ordered[index].rank = chosen.count + 1
            ordered[index].reason = "chosen as short \(chosen.count + 1)"
            chosen.append(ordered[index])
        }
        return MomentSelection(candidates: ordered.sorted { ($0.start, $0.end) < ($1.start, $1.end) }, chosen: chosen)
    }

    private func isBetter(_ a: MomentCandidate, than b: MomentCandidate) -> Bool {
        if abs(a.score - b.score) > 1e-9 { return a.score > b.score }
        let da = abs(a.duration - parameters.preferredDuration)
        let db = abs(b.duration - parameters.preferredDuration)
        if abs(da - db) > 1e-9 { return da < db }
        return a.start < b.start
    }

    /// Where windows may start and end: the programme's ends, shot cuts and sentence
    /// boundaries, none inside a caption cue; a one-second grid as well when those are too few
    /// to place every length of window.
    func boundaries(_ timeline: SignalTimeline, sentences: SentenceBoundaries) -> (starts: [Double], ends: [Double]) {
        let cuts = timeline.shotCuts.filter { $0 > 0 && $0 < timeline.duration }
        var starts = Set([0.0] + cuts + sentences.starts)
        var ends = Set([timeline.duration] + cuts + sentences.ends)
        if Double(cuts.count + sentences.ends.count) < timeline.duration / parameters.minimumDuration {
            let grid = stride(from: 0.0, through: timeline.duration, by: 1.0)
            starts.formUnion(grid)
            ends.formUnion(grid)
        }
        let allowed = { (time: Double) in time >= 0 && time <= timeline.duration && !sentences.isInsideCue(time) }
        return (starts.filter(allowed).sorted(), ends.filter(allowed).sorted())
    }

    static func format(_ seconds: Double) -> String {
        String((seconds * 10).rounded() / 10)
    }
}

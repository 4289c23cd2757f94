/// One window of the programme that could become a short, with why it was or was not chosen
/// (`candidates.json` lists every one).
public struct MomentCandidate: Sendable, Codable, Equatable {
    /// Seconds from the start of the programme.
    public var start: Double
    public var end: Double
    public var signals: SignalScores
    public var score: Double
    /// 1 for the best short, 2 for the next; nil when not chosen.
    public var rank: Int?
    public var reason: String

    public init(start: Double, end: Double, signals: SignalScores, score: Double, rank: Int? = nil, reason: String = "") {
        self.start = start
        self.end = end
        self.signals = signals
        self.score = score
        self.rank = rank
        self.reason = reason
    }

    public var duration: Double { end - start }

    /// The time two windows share, over the shorter one's length.
    public func overlap(with other: MomentCandidate) -> Double {
        let shared = min(end, other.end) - max(start, other.start)
        let shorter = min(duration, other.duration)
        return shared > 0 && shorter > 0 ? shared / shorter : 0
    }
}

/// What `MomentFinder` decided: every candidate in programme order, and the chosen ones by rank.
public struct MomentSelection: Sendable, Codable, Equatable {
    public var candidates: [MomentCandidate]
    public var chosen: [MomentCandidate]

    public init(candidates: [MomentCandidate], chosen: [MomentCandidate]) {
        self.candidates = candidates
        self.chosen = chosen
    }
}

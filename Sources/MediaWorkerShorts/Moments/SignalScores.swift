/// A window's value on each signal, each from 0 to 1, and the fractions the penalties count.
public struct SignalScores: Sendable, Codable, Equatable {
    public var speech: Double
    public var captions: Double
    public var loudness: Double
    public var motion: Double
    public var faces: Double
    public var cuts: Double
    /// The fraction of the window that is silent.
    public var silence: Double
    /// The fraction of the window that is black or still.
    public var still: Double
    /// 0, 1 or 2: how many of the window's ends cut a sentence.
    public var sentenceCuts: Int

    public init(speech: Double = 0, captions: Double = 0, loudness: Double = 0, motion: Double = 0, faces: Double = 0, cuts: Double = 0,
                silence: Double = 0, still: Double = 0, sentenceCuts: Int = 0) {
        self.speech = speech
        self.captions = captions
        self.loudness = loudness
        self.motion = motion
        self.faces = faces
        self.cuts = cuts
        self.silence = silence
        self.still = still
        self.sentenceCuts = sentenceCuts
    }

    /// The weighted sum, penalties subtracted.
    public func score(_ weights: SignalWeights) -> Double {
        weights.speech * speech + weights.captions * captions + weights.loudness * loudness + weights.motion * motion
            + weights.faces * faces + weights.cuts * cuts
            - weights.silencePenalty * silence - weights.staticPenalty * still - weights.sentencePenalty * Double(sentenceCuts)
    }
}

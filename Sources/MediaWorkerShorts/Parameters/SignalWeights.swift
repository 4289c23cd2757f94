/// How much each signal counts in a moment's score (any non-negative numbers; they are used as
/// given, not normalised), and how much the stretches a viewer would skip cost.
public struct SignalWeights: Sendable, Codable, Equatable {
    /// Speech activity: the fraction of the window in which someone speaks.
    public var speech: Double
    /// Caption density: characters per second of the captions in the window.
    public var captions: Double
    /// Loudness dynamics: how far the momentary loudness rises above the programme's median.
    public var loudness: Double
    /// Visual activity: motion between analysed frames.
    public var motion: Double
    /// Faces: how much of the window shows a face.
    public var faces: Double
    /// Scene cuts per minute in the window.
    public var cuts: Double
    /// The cost of silence (no speech, loudness below −50 LUFS), per fraction of the window.
    public var silencePenalty: Double
    /// The cost of black or static pictures, per fraction of the window.
    public var staticPenalty: Double
    /// The cost of a window that starts or ends inside a sentence (only when no sentence
    /// boundary could be used).
    public var sentencePenalty: Double

    public init(
        speech: Double = 1, captions: Double = 1, loudness: Double = 1, motion: Double = 1, faces: Double = 0.5, cuts: Double = 0.25,
        silencePenalty: Double = 1, staticPenalty: Double = 1, sentencePenalty: Double = 0.5
    ) {
        self.speech = speech
        self.captions = captions
        self.loudness = loudness
        self.motion = motion
        self.faces = faces
        self.cuts = cuts
        self.silencePenalty = silencePenalty
        self.staticPenalty = staticPenalty
        self.sentencePenalty = sentencePenalty
    }

    private enum CodingKeys: String, CodingKey {
        case speech = "Speech", captions = "Captions", loudness = "Loudness", motion = "Motion", faces = "Faces", cuts = "Cuts"
        case silencePenalty = "SilencePenalty", staticPenalty = "StaticPenalty", sentencePenalty = "SentencePenalty"
    }

    public init(from decoder: any Decoder) throws {
        let d = SignalWeights()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        speech = try c.decodeIfPresent(Double.self, forKey: .speech) ?? d.speech
        captions = try c.decodeIfPresent(Double.self, forKey: .captions) ?? d.captions
        loudness = try c.decodeIfPresent(Double.self, forKey: .loudness) ?? d.loudness
        motion = try c.decodeIfPresent(Double.self, forKey: .motion) ?? d.motion
        faces = try c.decodeIfPresent(Double.self, forKey: .faces) ?? d.faces
        cuts = try c.decodeIfPresent(Double.self, forKey: .cuts) ?? d.cuts
        silencePenalty = try c.decodeIfPresent(Double.self, forKey: .silencePenalty) ?? d.silencePenalty
        staticPenalty = try c.decodeIfPresent(Double.self, forKey: .staticPenalty) ?? d.staticPenalty
        sentencePenalty = try c.decodeIfPresent(Double.self, forKey: .sentencePenalty) ?? d.sentencePenalty
    }

    var problems: [String] {
        let all = [("Speech", speech), ("Captions", captions), ("Loudness", loudness), ("Motion", motion), ("Faces", faces),
                   ("Cuts", cuts), ("SilencePenalty", silencePenalty), ("StaticPenalty", staticPenalty),
                   ("SentencePenalty", sentencePenalty)]
        return all.filter { !($0.1 >= 0) }.map { "Weights.\($0.0) is \($0.1); weights must be 0 or more" }
    }
}

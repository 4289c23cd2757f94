public import MediaWorkerCaptions

/// What the analysis pass measured, sampled at a fixed rate: the input of moment scoring
/// (`signals.json` and `shots.json` hold it between runs, so re-ranking needs no decoding).
/// Every array has one value per sample; sample `i` covers `i / rate ..< (i + 1) / rate` seconds.
public struct SignalTimeline: Sendable, Equatable {
    /// Samples per second.
    public var rate: Double
    /// The programme's length in seconds.
    public var duration: Double
    /// Momentary loudness (400 ms, EBU R 128) in LUFS; −70 for digital silence.
    public var loudness: [Double]
    /// Speech activity, 0 (none) to 1.
    public var speech: [Double]
    /// Visual activity between analysed frames, 0 (still) to 1.
    public var motion: [Double]
    /// Face presence, 0 (none) to 1 (a face a quarter of the frame's height or taller).
    public var faces: [Double]
    /// Mean luma, 0 (black) to 1.
    public var brightness: [Double]
    /// Where shots change, in seconds.
    public var shotCuts: [Double]
    /// The upload's captions, if it has any.
    public var cues: [CaptionCue]

    public init(
        rate: Double, duration: Double, loudness: [Double], speech: [Double], motion: [Double], faces: [Double],
        brightness: [Double], shotCuts: [Double], cues: [CaptionCue] = []
    ) {
        self.rate = rate
        self.duration = duration
        self.loudness = loudness
        self.speech = speech
        self.motion = motion
        self.faces = faces
        self.brightness = brightness
        self.shotCuts = shotCuts
        self.cues = cues
    }

    /// The number of samples (the shortest of the arrays).
    public var count: Int {
        [loudness.count, speech.count, motion.count, faces.count, brightness.count].min() ?? 0
    }

    /// The sample that holds `seconds`, clamped to the timeline.
    func sample(at seconds: Double) -> Int {
        min(max(0, Int((seconds * rate).rounded(.down))), max(0, count - 1))
    }

    /// The problems that make this timeline unusable; empty when it is fine.
    public var problems: [String] {
        var problems: [String] = []
        if !(rate > 0) { problems.append("the signal rate must be above 0 samples per second") }
        if !(duration > 0) { problems.append("the programme has no duration") }
        let counts = [loudness.count, speech.count, motion.count, faces.count, brightness.count]
        if Set(counts).count > 1 { problems.append("the signals have different lengths (\(counts)); analyse the upload again") }
        return problems
    }
}

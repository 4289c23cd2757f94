/// What a shorts run makes: how many shorts, how long, how moments are scored, how the virtual
/// camera moves and how subtitles look. The `MediaWorkerShorts` member of a template holds these
/// (left out of the MediaConvert request); every member has a default.
public struct ShortsParameters: Sendable, Codable, Equatable {
    /// How many shorts to render at most. Default: 3.
    public var count: Int
    /// The shortest short in seconds. Default: 15.
    public var minimumDuration: Double
    /// The longest short in seconds. Default: 60.
    public var maximumDuration: Double
    /// Among equally scored windows, the one closest to this length wins. Default: 30.
    public var preferredDuration: Double
    /// Two chosen shorts share at most this fraction of the shorter one. Default: 0.5.
    public var maximumOverlap: Double
    public var weights: SignalWeights
    public var camera: CameraLimits
    public var subtitles: SubtitleStyle

    public init(
        count: Int = 3, minimumDuration: Double = 15, maximumDuration: Double = 60, preferredDuration: Double = 30,
        maximumOverlap: Double = 0.5, weights: SignalWeights = SignalWeights(), camera: CameraLimits = CameraLimits(),
        subtitles: SubtitleStyle = SubtitleStyle()
    ) {
        self.count = count
        self.minimumDuration = minimumDuration
        self.maximumDuration = maximumDuration
        self.preferredDuration = preferredDuration
        self.maximumOverlap = maximumOverlap
        self.weights = weights
        self.camera = camera
        self.subtitles = subtitles
    }

    private enum CodingKeys: String, CodingKey {
        case count = "Count", minimumDuration = "MinDuration", maximumDuration = "MaxDuration"
        case preferredDuration = "PreferredDuration", maximumOverlap = "MaxOverlap", weights = "Weights"
        case camera = "Camera", subtitles = "Subtitles"
    }

    public init(from decoder: any Decoder) throws {
        let defaults = ShortsParameters()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        count = try container.decodeIfPresent(Int.self, forKey: .count) ?? defaults.count
        minimumDuration = try container.decodeIfPresent(Double.self, forKey: .minimumDuration) ?? defaults.minimumDuration
        maximumDuration = try container.decodeIfPresent(Double.self, forKey: .maximumDuration) ?? defaults.maximumDuration
        preferredDuration = try container.decodeIfPresent(Double.self, forKey: .preferredDuration) ?? defaults.preferredDuration
        maximumOverlap = try container.decodeIfPresent(Double.self, forKey: .maximumOverlap) ?? defaults.maximumOverlap
        weights = try container.decodeIfPresent(SignalWeights.self, forKey: .weights) ?? defaults.weights
        camera = try container.decodeIfPresent(CameraLimits.self, forKey: .camera) ?? defaults.camera
        subtitles = try container.decodeIfPresent(SubtitleStyle.self, forKey: .subtitles) ?? defaults.subtitles
    }

    /// The problems that make these parameters unusable, each saying what to change; empty when
    /// they are fine.
    public var problems: [String] {
        var problems: [String] = []
        if count < 1 { problems.append("Count is \(count); ask for at least 1 short") }
        if minimumDuration <= 0 { problems.append("MinDuration must be above 0 seconds") }
        if maximumDuration < minimumDuration {
            problems.append("MaxDuration (\(maximumDuration) s) is below MinDuration (\(minimumDuration) s); raise it")
        }
        if !(0...1).contains(maximumOverlap) { problems.append("MaxOverlap must be between 0 and 1") }
        problems += weights.problems + camera.problems + subtitles.problems
        return problems
    }
}

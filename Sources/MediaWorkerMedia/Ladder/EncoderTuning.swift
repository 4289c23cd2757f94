/// The encoder tuning members of MediaConvert's `H264Settings` and `H265Settings`, as x264 and
/// x265 take them (`x264-params`, `x265-params`). A `nil` member leaves the encoder preset's
/// own choice; docs/job-templates.md has the mapping table.
public struct EncoderTuning: Sendable, Equatable, Codable {
    /// `NumberBFramesBetweenReferenceFrames` (0…7): `bframes`.
    public var bFrames: Int?
    /// `NumberReferenceFrames` (1…6): `ref`.
    public var referenceFrames: Int?
    /// `GopBReference`: B-frames used as references (`b-pyramid`).
    public var bPyramid: Bool?
    /// `Slices` (1…32): `slices`.
    public var slices: Int?
    /// `AdaptiveQuantization`: `aq-strength`, 0 for OFF (`aq-mode=0`).
    public var aqStrength: Double?
    /// `SpatialAdaptiveQuantization`: DISABLED is `aq-mode=0`.
    public var spatialAQ: Bool?
    /// `TemporalAdaptiveQuantization`: DISABLED turns the macroblock tree off (`mbtree`, x265's `cutree`).
    public var temporalAQ: Bool?
    /// `SceneChangeDetect`: DISABLED is `scenecut=0`.
    public var sceneCut: Bool?
    /// `EntropyEncoding` (H.264): CAVLC is `cabac=0`.
    public var cabac: Bool?
    /// `GopClosedCadence`: 1 closes every GOP, any other value lets them open (`open-gop`).
    public var closedGOP: Bool?
    /// `DynamicSubGop`: STATIC places B-frames at fixed positions (`b-adapt=0`).
    public var adaptiveBFrames: Bool?

    public init(
        bFrames: Int? = nil, referenceFrames: Int? = nil, bPyramid: Bool? = nil, slices: Int? = nil, aqStrength: Double? = nil, spatialAQ: Bool? = nil,
        temporalAQ: Bool? = nil, sceneCut: Bool? = nil, cabac: Bool? = nil, closedGOP: Bool? = nil, adaptiveBFrames: Bool? = nil
    ) {
        self.bFrames = bFrames
        self.referenceFrames = referenceFrames
        self.bPyramid = bPyramid
        self.slices = slices
        self.aqStrength = aqStrength
        self.spatialAQ = spatialAQ
        self.temporalAQ = temporalAQ
        self.sceneCut = sceneCut
        self.cabac = cabac
        self.closedGOP = closedGOP
        self.adaptiveBFrames = adaptiveBFrames
    }

    /// MediaConvert's `AdaptiveQuantization` levels on x264's and x265's `aq-strength` (1.0 is
    /// both encoders' default, taken as HIGH, MediaConvert's usual choice); AUTO leaves the encoder's.
    public static let aqStrengths: [String: Double] = ["OFF": 0, "LOW": 0.5, "MEDIUM": 0.8, "HIGH": 1.0, "HIGHER": 1.3, "MAX": 1.6]

    /// Whether no member is set.
    public var isEmpty: Bool { self == EncoderTuning() }

    /// The `x264-params` entries, in a fixed order.
    var x264Params: [String] {
        var params: [String] = []
        if let bFrames { params.append("bframes=\(bFrames)") }
        if let referenceFrames { params.append("ref=\(referenceFrames)") }
        if let bPyramid { params.append("b-pyramid=\(bPyramid ? "normal" : "none")") }
        if let slices { params.append("slices=\(slices)") }
        params += aqParams
        if temporalAQ == false { params.append("mbtree=0") }
        if sceneCut == false { params.append("scenecut=0") }
        if let cabac { params.append("cabac=\(cabac ? 1 : 0)") }
        if let closedGOP { params.append("open-gop=\(closedGOP ? 0 : 1)") }
        if adaptiveBFrames == false { params.append("b-adapt=0") }
        return params
    }

    /// x265's `rc-lookahead` per preset: it refuses B-frame runs as long as its lookahead.
    static let x265Lookahead = ["ultrafast": 5, "superfast": 10, "veryfast": 15, "faster": 15, "fast": 15, "medium": 20, "slow": 25, "slower": 40, "veryslow": 40]

    /// The `x265-params` entries (x265 opens GOPs unless told not to; H.265 has no CAVLC). The
    /// lookahead is lengthened where the preset's is too short for the B-frames asked for.
    func x265Params(preset: String) -> [String] {
        var params: [String] = []
        if let bFrames {
            params.append("bframes=\(bFrames)")
            let lookahead = Self.x265Lookahead[preset] ?? 20
            if lookahead <= bFrames { params.append("rc-lookahead=\(bFrames + 1)") }
        }
        if let referenceFrames { params.append("ref=\(referenceFrames)") }
        if let bPyramid { params.append("b-pyramid=\(bPyramid ? 1 : 0)") }
        if let slices { params.append("slices=\(slices)") }
        params += aqParams
        if temporalAQ == false { params.append("cutree=0") }
        if sceneCut == false { params.append("scenecut=0") }
        if let closedGOP { params.append("open-gop=\(closedGOP ? 0 : 1)") }
        if adaptiveBFrames == false { params.append("b-adapt=0") }
        return params
    }

    private var aqParams: [String] {
        if spatialAQ == false || aqStrength == 0 { return ["aq-mode=0"] }
        if let aqStrength { return ["aq-strength=\(aqStrength)"] }
        return []
    }
}

/// `AutomatedEncodingSettings.AbrSettings`: the limits automated ABR chooses its stack
/// within, with MediaConvert's defaults for the members a template leaves out.
public struct AutomatedABRSettings: Sendable, Equatable {
    /// A rendition size named by a rule. Renditions keep the source's shape, so a rule's size
    /// is compared by its shorter side.
    public struct Size: Sendable, Equatable, Codable {
        public var width: Int
        public var height: Int
        public init(width: Int, height: Int) {
            self.width = width
            self.height = height
        }
        public var shortSide: Int { min(width, height) }
    }

    /// `MaxAbrBitrate`: the top rendition's average bitrate is at or below it (default 8 Mb/s).
    public var maxBitrate: Int
    /// `MinAbrBitrate`: the bottom rendition's average bitrate is near it (default 600 kb/s).
    public var minBitrate: Int
    /// `MaxRenditions` (3…15, default 15).
    public var maxRenditions: Int
    /// `MaxQualityLevel` (1…10); `nil`: chosen per rendition (QVBR guidelines: 7 up to
    /// 1080 lines, 8 above).
    public var maxQualityLevel: Double?
    /// `Rules`: `MIN_TOP_RENDITION_SIZE`.
    public var minTop: Size?
    /// `MIN_BOTTOM_RENDITION_SIZE`.
    public var minBottom: Size?
    /// `FORCE_INCLUDE_RENDITIONS`.
    public var forceInclude: [Size]
    /// `ALLOWED_RENDITIONS`, each with its `Required` flag; empty: any size.
    public var allowed: [(size: Size, required: Bool)]

    public init(
        maxBitrate: Int? = nil, minBitrate: Int? = nil, maxRenditions: Int? = nil, maxQualityLevel: Double? = nil, minTop: Size? = nil, minBottom: Size? = nil,
        forceInclude: [Size] = [], allowed: [(size: Size, required: Bool)] = []
    ) {
        self.maxBitrate = maxBitrate ?? 8_000_000
        self.minBitrate = minBitrate ?? 600_000
        self.maxRenditions = maxRenditions ?? 15
        self.maxQualityLevel = maxQualityLevel
        self.minTop = minTop
        self.minBottom = minBottom
        self.forceInclude = forceInclude
        self.allowed = allowed
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.maxBitrate == rhs.maxBitrate && lhs.minBitrate == rhs.minBitrate && lhs.maxRenditions == rhs.maxRenditions
            && lhs.maxQualityLevel == rhs.maxQualityLevel && lhs.minTop == rhs.minTop && lhs.minBottom == rhs.minBottom
            && lhs.forceInclude == rhs.forceInclude && lhs.allowed.map(\.size) == rhs.allowed.map(\.size) && lhs.allowed.map(\.required) == rhs.allowed.map(\.required)
    }

    /// The QVBR level a rendition of `shortSide` lines is encoded at.
    public func qualityLevel(shortSide: Int) -> Double {
        maxQualityLevel ?? (shortSide > 1080 ? 8 : 7)
    }

    /// The sizes required in every stack: forced ones and allowed ones marked `Required`.
    public var requiredShortSides: Set<Int> {
        Set(forceInclude.map(\.shortSide) + allowed.filter(\.required).map(\.size.shortSide))
    }
}

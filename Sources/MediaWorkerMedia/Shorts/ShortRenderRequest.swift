/// One vertical short to render from a programme: the range, the moving crop window, the
/// output size, what is drawn over it and the loudness it is brought to.
public struct ShortRenderRequest: Sendable {
    /// The programme (a local file).
    public var source: String
    /// Seconds of the programme.
    public var start: Double
    public var end: Double
    /// The crop window in source pixels; `left(time)` gives its left edge at a programme time.
    public var windowWidth: Int
    public var windowHeight: Int
    public var left: @Sendable (Double) -> Int
    /// Seconds of the short (from its start) that show the whole frame, scaled to the output's
    /// width and centred, over a blurred copy filling the output, instead of the crop window.
    public var fillRanges: [Range<Double>]
    public var outputWidth: Int
    public var outputHeight: Int
    /// libavfilter filters applied after the crop and scale (`subtitles=…`), or empty.
    public var overlayFilters: String
    /// A PNG drawn over the picture at `watermarkX`/`watermarkY`, `watermarkOpacity` 0…1.
    public var watermark: String?
    public var watermarkX: Int
    public var watermarkY: Int
    public var watermarkOpacity: Double
    /// The integrated loudness the audio is brought to (LUFS), and the peak it may not pass
    /// (dBFS); `nil` leaves the level as it is.
    public var targetLoudness: Double?
    public var peakLimit: Double
    /// x264: constant quality and preset.
    public var crf: Int
    public var preset: String
    public var output: String

    public init(
        source: String, start: Double, end: Double, windowWidth: Int, windowHeight: Int, left: @escaping @Sendable (Double) -> Int,
        fillRanges: [Range<Double>] = [], outputWidth: Int = 1080, outputHeight: Int = 1920, overlayFilters: String = "",
        watermark: String? = nil, watermarkX: Int = 60, watermarkY: Int = 120, watermarkOpacity: Double = 0.7, targetLoudness: Double? = -14, peakLimit: Double = -1, crf: Int = 21,
        preset: String = "veryfast", output: String
    ) {
        self.source = source
        self.start = start
        self.end = end
        self.windowWidth = windowWidth
        self.windowHeight = windowHeight
        self.left = left
        self.fillRanges = fillRanges
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
        self.overlayFilters = overlayFilters
        self.watermark = watermark
        self.watermarkX = watermarkX
        self.watermarkY = watermarkY
        self.watermarkOpacity = watermarkOpacity
        self.targetLoudness = targetLoudness
        self.peakLimit = peakLimit
        self.crf = crf
        self.preset = preset
        self.output = output
    }
}

/// What rendering one short measured and wrote.
public struct RenderedShort: Sendable, Equatable {
    public var path: String
    public var duration: Double
    public var frames: Int
    /// The source's integrated loudness over the range, and the gain applied (dB).
    public var sourceLoudness: Double?
    public var gain: Double?
}

public import MediaWorkerMedia

/// An output's `VideoDescription` with its codec settings (`H264Settings`, `H265Settings`,
/// `Av1Settings`, `Vp9Settings`), as far as media-worker reads it.
public struct TemplateVideo: Sendable, Equatable {
    public var width: Int?
    public var height: Int?
    /// `CodecSettings.Codec`: `H_264` is executed locally.
    public var codec: String
    /// `VBR`, `CBR` or `QVBR`.
    public var rateControlMode: String?
    public var bitrate: Int?
    public var maxBitrate: Int?
    public var qvbrQualityLevel: Int?
    public var qvbrQualityLevelFineTune: Double?
    public var hrdBufferSize: Int?
    public var gopSize: Double?
    /// `FRAMES`, `SECONDS` or `AUTO`.
    public var gopSizeUnits: String?
    /// `BASELINE`, `MAIN`, `HIGH`, ...
    public var codecProfile: String?
    /// `AUTO`, `LEVEL_4_1`, ...
    public var codecLevel: String?
    /// `INITIALIZE_FROM_SOURCE` or `SPECIFIED`.
    public var framerateControl: String?
    public var framerateNumerator: Int?
    public var framerateDenominator: Int?
    /// `DEFAULT`, `STRETCH_TO_OUTPUT`, `FIT`, `FIT_NO_UPSCALE`, `FILL`.
    public var scalingBehavior: String?
    /// `ENABLED` or `DISABLED`.
    public var antiAlias: String?
    /// 0…100.
    public var sharpness: Int?
    /// `Crop`: the part of the input used.
    public var crop: OutputFrame.Rect?
    /// `Position`: where the picture goes in the frame.
    public var position: OutputFrame.Rect?
    /// `VideoPreprocessors.TimecodeBurnin` (its start timecode is the job's, set when run).
    public var timecodeBurnin: TimecodeBurnin?
    /// `VideoPreprocessors.ImageInserter`'s images, `ImageInserterInput` as written.
    public var images: [ImageOverlay] = []
    /// The output's first `BURN_IN` caption description.
    public var captionBurnin: TemplateCaptionBurnin?
    /// `VideoPreprocessors.NoiseReducer`.
    public var noiseReduction: NoiseReduction?
    /// `VideoPreprocessors.ColorCorrector`.
    public var colorCorrection: ColorCorrection?
    /// `VideoPreprocessors.Deinterlacer`.
    public var deinterlacing: Deinterlacing?
    /// Av1Settings `BitDepth`: 8 or 10.
    public var bitDepth: Int?
    /// `H264Settings`/`H265Settings` tuning members (B-frames, references, slices, AQ, ...).
    public var tuning = EncoderTuning()
    /// `QualityTuningLevel`: `SINGLE_PASS`, `SINGLE_PASS_HQ`, `MULTI_PASS_HQ`.
    public var qualityTuningLevel: String?
    /// `SceneChangeDetect`: `ENABLED`, `DISABLED`, `TRANSITION_DETECTION`.
    public var sceneChangeDetect: String?
    /// `GopClosedCadence`.
    public var gopClosedCadence: Int?
    /// `ParControl` with `ParNumerator`/`ParDenominator`.
    public var parControl: String?
    public var parNumerator: Int?
    public var parDenominator: Int?

    /// Whether the template fixes the picture's framing (`Crop`, `Position`, `ScalingBehavior`)
    /// or asks for a portrait frame: then the output is made as written, never turned to the
    /// source's orientation.
    public var isFramed: Bool {
        crop != nil || position != nil || scalingBehavior != nil || (width != nil && height != nil && height! > width!)
    }

    /// The shorter side the output asks for: min(Width, Height), or whichever is given.
    public var shortSide: Int? {
        switch (width, height) {
        case let (w?, h?): return min(w, h)
        case let (nil, h?): return h
        case let (w?, nil): return w
        default: return nil
        }
    }
}

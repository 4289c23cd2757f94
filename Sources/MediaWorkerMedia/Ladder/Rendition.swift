/// One rung of the rendition ladder.
public struct Rendition: Sendable, Equatable, Codable {
    /// The rung's name in output keys: `1080p`.
    public var name: String
    /// The shorter side of the output in pixels: 1080 gives 1920×1080 for landscape and
    /// 1080×1920 for portrait sources.
    public var shortSide: Int
    /// H.264 target bitrate in bits per second.
    public var videoBitrate: Int
    /// AAC bitrate in bits per second.
    public var audioBitrate: Int
    /// Rate control, keyframes, profile and level.
    public var encoding: VideoEncoding
    /// The exact frame the output asks for (size, scaling behaviour, crop, position); `nil`
    /// follows the source's shape and orientation at `shortSide`.
    public var frame: OutputFrame?
    /// The timecode drawn on the pictures (`TimecodeBurnin`).
    public var burnin: TimecodeBurnin?
    /// Images laid over the source's upright pictures before cropping and scaling (the input's
    /// `ImageInserter`, in input coordinates).
    public var inputImages: [ImageOverlay]
    /// Images laid over the scaled pictures (the output's `ImageInserter`, in output coordinates).
    public var outputImages: [ImageOverlay]
    /// Captions burned in over the scaled pictures (a `BURN_IN` caption destination).
    public var captions: CaptionBurnin?
    /// The `NoiseReducer` preprocessor, on the upright source pictures.
    public var noiseReduction: NoiseReduction?
    /// The `ColorCorrector` preprocessor, on the upright source pictures (before the noise reducer).
    public var colorCorrection: ColorCorrection?
    /// The audio track's language tag (ISO 639-2, `eng`); `nil` writes none.
    public var audioLanguage: String?
    /// The MP4 file's optional boxes (`Mp4Settings` FreeSpaceBox, CslgAtom); `nil`:
    /// MediaConvert's defaults (``MP4Boxes/init(freeSpace:compositionShift:)``).
    public var mp4Boxes: MP4Boxes? = nil
    /// The libavformat muxer of a file rendition (`mov` for a QuickTime output); `nil`: `mp4`
    /// (`webm` for VP9).
    public var fileFormat: String? = nil
    /// This rung's frame rate (`FramerateControl` SPECIFIED); `nil`: the ladder's
    /// (``LadderOptions/frameRate``, else the source's). Rungs of one ladder may differ: each
    /// rate gets its own constant-rate slots from the one decode.
    public var frameRate: FrameRate? = nil
    /// This rung's audio sample rate and channel count (1 or 2); `nil`: the ladder's
    /// (``LadderOptions/audioSampleRate``, ``LadderOptions/audioChannels``). Rungs with the
    /// same codec, bitrate, rate and channels share one audio encode.
    public var audioSampleRate: Int32? = nil
    public var audioChannels: Int? = nil
    /// The source's audio track this rung carries (1 = the first audio stream; the audio
    /// selector's `Tracks`); `nil`: the best audio stream.
    public var audioTrack: Int? = nil

    public init(name: String, shortSide: Int, videoBitrate: Int, audioBitrate: Int = 128_000, encoding: VideoEncoding = VideoEncoding(), frame: OutputFrame? = nil,
        burnin: TimecodeBurnin? = nil, inputImages: [ImageOverlay] = [], outputImages: [ImageOverlay] = [],
        captions: CaptionBurnin? = nil, noiseReduction: NoiseReduction? = nil, colorCorrection: ColorCorrection? = nil, audioLanguage: String? = nil
    ) {
        self.audioLanguage = audioLanguage
        self.noiseReduction = noiseReduction
        self.colorCorrection = colorCorrection
        self.captions = captions
        self.frame = frame
        self.burnin = burnin
        self.inputImages = inputImages
        self.outputImages = outputImages
        self.name = name
        self.encoding = encoding
        self.shortSide = shortSide
        self.videoBitrate = videoBitrate
        self.audioBitrate = audioBitrate
    }

    /// The built-in ladder used until a job template says otherwise.
    public static let defaultLadder: [Rendition] = [
        Rendition(name: "1080p", shortSide: 1080, videoBitrate: 8_500_000),
        Rendition(name: "720p", shortSide: 720, videoBitrate: 5_000_000),
        Rendition(name: "480p", shortSide: 480, videoBitrate: 2_500_000),
        Rendition(name: "360p", shortSide: 360, videoBitrate: 1_000_000),
    ]
}

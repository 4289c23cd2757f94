/// How the local ladder encodes.
public struct LadderOptions: Sendable, Equatable {
    public var renditions: [Rendition]
    /// The x264 preset (`ultrafast` … `veryslow`). Default: `veryfast`.
    public var preset: String
    /// The x264 profile. Default: `high`.
    public var profile: String
    /// Seconds between keyframes. Default: 2.
    public var keyframeIntervalSeconds: Double
    /// The highest output frame rate; faster sources are reduced to it. Default: 60.
    public var maxFrameRate: Int
    /// Output audio: AAC at this rate, stereo.
    public var audioSampleRate: Int32
    /// Scale a rung from a larger rung's output instead of the source when the source has
    /// more than this many times that rung's pixels. Default: 3 (a 4K source's smaller rungs scale
    /// from its 1080p output; a 1080p source's rungs all scale from the source).
    public var cascadeAreaRatio: Double
    /// Frames buffered per rendition between the decoder and its encoder.
    public var queueDepth: Int
    /// libx264 threads per rendition; `nil` shares the machine's cores among the renditions
    /// by their pixel counts (the encoders already run in parallel), 0 lets x264 choose.
    public var encoderThreads: Int?
    /// The output frame rate; `nil` follows the source (capped at `maxFrameRate`).
    public var frameRate: FrameRate?
    /// Output audio channels: 1 (mono) or 2 (stereo, the default).
    public var audioChannels: Int
    /// MP4 files (the default) or HLS playlists.
    public var container: LadderContainer
    /// The part of the input encoded (`InputClippings`); `nil` for all of it.
    public var clip: InputClip? = nil
    /// The clockwise rotation applied to the source's pictures (`VideoSelector.Rotate`
    /// DEGREE_0 … DEGREES_270); `nil` follows its display matrix (AUTO).
    public var rotation: Int? = nil
    /// Loudness measurement and correction of the audio (`AudioNormalizationSettings`).
    public var loudness: LoudnessNormalization? = nil
    /// How interlaced (or telecined) sources are made progressive (`Deinterlacer`); `nil`:
    /// bwdif on interlaced pictures.
    public var deinterlacing: Deinterlacing? = nil

    public init(
        renditions: [Rendition] = Rendition.defaultLadder, preset: String = "veryfast", profile: String = "high",
        keyframeIntervalSeconds: Double = 2, maxFrameRate: Int = 60, audioSampleRate: Int32 = 48_000,
        cascadeAreaRatio: Double = 3, queueDepth: Int = 4, encoderThreads: Int? = nil,
        frameRate: FrameRate? = nil, audioChannels: Int = 2, container: LadderContainer = .mp4
    ) {
        self.frameRate = frameRate
        self.audioChannels = audioChannels
        self.container = container
        self.encoderThreads = encoderThreads
        self.renditions = renditions
        self.preset = preset
        self.profile = profile
        self.keyframeIntervalSeconds = keyframeIntervalSeconds
        self.maxFrameRate = maxFrameRate
        self.audioSampleRate = audioSampleRate
        self.cascadeAreaRatio = cascadeAreaRatio
        self.queueDepth = queueDepth
    }
}

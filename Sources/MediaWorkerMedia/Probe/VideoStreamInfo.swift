/// One video stream, with the fields ffprobe reports under the same meaning.
public struct VideoStreamInfo: Codable, Sendable, Equatable {
    public var index: Int
    public var codec: String
    public var codecLongName: String?
    public var profile: String?
    /// The codec level as FFmpeg numbers it (H.264 4.0 is 40, HEVC 4.0 is 120).
    public var level: Int?
    /// Coded picture size.
    public var width: Int
    public var height: Int
    /// `num:den`, when known.
    public var sampleAspectRatio: String?
    /// `num:den`, when the sample aspect ratio is known.
    public var displayAspectRatio: String?
    /// Clockwise degrees a player turns the picture (0, 90, 180 or 270), from the display matrix.
    public var rotation: Int
    /// Size as displayed: sample aspect ratio applied, then rotation.
    public var displayWidth: Int
    public var displayHeight: Int
    /// `num/den` as ffprobe prints it.
    public var avgFrameRate: String?
    public var avgFrameRateValue: Double?
    /// ffprobe's `r_frame_rate`.
    public var realFrameRate: String?
    public var frameCount: Int64?
    public var pixelFormat: String?
    public var bitDepth: Int?
    public var colorPrimaries: String?
    public var colorTransfer: String?
    /// The matrix coefficients (ffprobe's `color_space`).
    public var colorSpace: String?
    /// `tv` (limited) or `pc` (full).
    public var colorRange: String?
    /// `progressive`, `tt`, `bb`, `tb` or `bt`.
    public var fieldOrder: String?
    public var interlaced: Bool
    public var bitRate: Int64?
    public var duration: Double?
    public var startTime: Double?
    public var language: String?
    public var isDefault: Bool
    /// Cover art in an audio file.
    public var isAttachedPicture: Bool
    public var tags: [String: String]
}

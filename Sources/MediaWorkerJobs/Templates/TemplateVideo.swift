/// An output's `VideoDescription` with H.264 settings, as far as media-worker reads it.
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

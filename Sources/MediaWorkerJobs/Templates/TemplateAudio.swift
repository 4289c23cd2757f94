public import MediaWorkerMedia

/// An output's `AudioDescriptions[]` entry, as far as media-worker reads it.
public struct TemplateAudio: Sendable, Equatable {
    /// `CodecSettings.Codec`: `AAC` is executed locally.
    public var codec: String
    public var bitrate: Int?
    public var sampleRate: Int?
    /// `CODING_MODE_1_0`, `CODING_MODE_2_0`, ...
    public var codingMode: String?
    /// WavSettings `BitDepth` (16 or 24).
    public var bitDepth: Int?
    /// Mp3Settings / WavSettings `Channels`.
    public var channels: Int?
    /// `AudioNormalizationSettings`, for the local engine.
    public var normalization: LoudnessNormalization?
}

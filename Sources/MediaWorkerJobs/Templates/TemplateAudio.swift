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
    /// `LanguageCode` (or `CustomLanguageCode`): ISO 639 (`ENG`).
    public var languageCode: String?
    /// `LanguageCodeControl`: `FOLLOW_INPUT` (MediaConvert's default) or `USE_CONFIGURED`.
    public var languageCodeControl: String?

    /// The output track's language as MediaConvert sets it: the input track's own when it has
    /// one and the control is FOLLOW_INPUT (the default), else the configured code; lowercase
    /// ISO 639-2 (`eng`), as MP4 and TS write it. `und` counts as none.
    public func language(source: String?) -> String? {
        let input = source.map { $0.lowercased() }.flatMap { $0.isEmpty || $0 == "und" ? nil : $0 }
        if languageCodeControl != "USE_CONFIGURED", let input { return input }
        return languageCode?.lowercased()
    }
}

/// A file an engine delivered, relative to the delivery root: the one output type carried
/// from the engine (local or MediaConvert) to the job record's `outputs`.
public struct MediaOutput: Codable, Sendable, Equatable {
    public var role: OutputRole
    public var path: String
    public var bytes: Int64
    public var width: Int?
    public var height: Int?
    public var duration: Double?
    public var bitrate: Int?
    /// For a thumbnail: the second of the source it shows.
    public var time: Double?
    /// Base64 SHA-256 of the delivered object, as S3 checked it on upload (when the
    /// worker uploads with `S3_CHECKSUM=sha256`).
    public var checksumSha256: String?
    /// Base64 CRC-32C (big-endian) of the whole delivered object, as S3 checked it on
    /// upload (the default checksum). JSON `crc32c`: Foundation's snake-case decoding
    /// would read `checksum_crc32c` back as `checksumCrc32C`.
    public var crc32c: String?
    public var contentType: String?
    /// The source's measured loudness and the gain applied (`AudioNormalizationSettings`).
    public var loudness: LoudnessMeasurement?
    /// For a streaming rendition (an HLS media playlist): the media segments it references
    /// and their bytes (with the initialization segment).
    public var segments: Int?
    public var segmentBytes: Int64?
    /// For a rendition automated ABR chose (`AutomatedEncodingSettings`): its size, quality,
    /// cap and the trial measurement behind them.
    public var abr: ABRRung?
    /// On a package's manifest: automated ABR's whole decision (every size measured, the
    /// renditions chosen and why the others were not).
    public var abrStack: ABRStack?

    public init(
        role: OutputRole, path: String, bytes: Int64, width: Int? = nil, height: Int? = nil, duration: Double? = nil, bitrate: Int? = nil,
        time: Double? = nil
    ) {
        self.role = role
        self.path = path
        self.bytes = bytes
        self.width = width
        self.height = height
        self.duration = duration
        self.bitrate = bitrate
        self.time = time
    }
}

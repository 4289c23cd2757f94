import MediaWorkerJSON

/// The template's `MediaWorkerThumbnails` member (a media-worker extension beside `Settings`,
/// never sent to MediaConvert): scrub-bar sprite sheets and a WebVTT thumbnails track,
/// made by the local engine from the first video group's decoding pass.
///
/// ```json
/// "MediaWorkerThumbnails": {"IntervalSeconds": 5, "Width": 160, "Columns": 10, "Rows": 10, "Quality": 80}
/// ```
public struct TemplateThumbnails: Sendable, Equatable {
    /// The extension member's name.
    public static let member = "MediaWorkerThumbnails"
    static let known: Set<String> = ["IntervalSeconds", "Width", "Columns", "Rows", "Quality"]

    /// One tile every this many seconds (1…3600, default 5).
    public var intervalSeconds: Int = 5
    /// Tile width in pixels (16…1920, default 160); the height keeps the display aspect.
    public var width: Int = 160
    /// Tiles a sheet: `columns` × `rows` (1…20 each, default 10 × 10).
    public var columns: Int = 10
    public var rows: Int = 10
    /// JPEG quality as MediaConvert's FRAME_CAPTURE takes it, 1…100 (default 80).
    public var quality: Int = 80

    public init() {}

    /// MediaConvert's 1–100 quality as mjpeg's quantizer 31–2 (as FRAME_CAPTURE outputs).
    public var quantizer: Int { Int((31 - Double(quality - 1) * 29 / 99).rounded()) }

    /// Reads the member from a CreateJob-shaped file's root, recording an issue for each
    /// wrong value or unknown member; nil when the member is absent or not an object.
    static func read(_ root: JSONValue, _ reader: inout TemplateReader) -> TemplateThumbnails? {
        guard let value = reader.object(root, member, at: "") else { return nil }
        var settings = TemplateThumbnails()
        for unknown in (value.members ?? []).map(\.key) where !known.contains(unknown) {
            reader.error(TemplateReader.join(member, unknown), "unknown member; \(member) takes \(known.sorted().joined(separator: ", "))")
        }
        settings.intervalSeconds = reader.integer(value, "IntervalSeconds", at: member, range: 1...3600) ?? settings.intervalSeconds
        settings.width = reader.integer(value, "Width", at: member, range: 16...1920) ?? settings.width
        settings.columns = reader.integer(value, "Columns", at: member, range: 1...20) ?? settings.columns
        settings.rows = reader.integer(value, "Rows", at: member, range: 1...20) ?? settings.rows
        settings.quality = reader.integer(value, "Quality", at: member, range: 1...100) ?? settings.quality
        return settings
    }
}

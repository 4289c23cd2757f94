import Foundation
public import MediaWorkerCaptions
public import MediaWorkerMedia

/// One rendered short, as the shorts manifest lists it.
public struct ShortOutput: Sendable, Codable, Equatable {
    public var rank: Int
    /// Seconds of the programme.
    public var start: Double
    public var end: Double
    public var score: Double
    public var signals: SignalScores
    /// Relative to the output directory (`shorts/<path>/<name>_short1.mp4`).
    public var video: String
    public var thumbnail: String
    public var duration: Double
    public var sourceLoudness: Double?
    public var gain: Double?
}

/// Renders the chosen moments of a ``ShortsPlan`` as vertical shorts with the local engine:
/// the camera's crop path, phone subtitles burned in, the watermark and the loudness target,
/// plus a thumbnail each, under `shorts/<path>/<name>_short<N>.mp4|.jpg`.
public struct ShortsRenderer: Sendable {
    public var parameters: ShortsParameters
    /// The PNG watermark, when there is one (a local file).
    public var watermark: String?
    /// Where the watermark's top left corner goes in the output, and its opacity 0…1 (the
    /// template's `ImageX`, `ImageY`, `Opacity`).
    public var watermarkX = 60
    public var watermarkY = 120
    public var watermarkOpacity = 0.7
    /// The integrated loudness target (`AudioNormalizationSettings.TargetLkfs`); nil keeps the level.
    public var targetLoudness: Double?
    public var outputWidth = 1080
    public var outputHeight = 1920

    public init(parameters: ShortsParameters, watermark: String? = nil, targetLoudness: Double? = -14) {
        self.parameters = parameters
        self.watermark = watermark
        self.targetLoudness = targetLoudness
    }

    /// Renders every chosen moment of `plan` from `source`; `base` is `shorts/<path>/<name>`.
    public func render(_ plan: ShortsPlan, selection: MomentSelection? = nil, source: String, cues: [CaptionCue], outputDirectory: String, base: String,
                       cancellation: MediaCancellation? = nil) throws -> [ShortOutput] {
        let folder = (outputDirectory as NSString).appendingPathComponent((base as NSString).deletingLastPathComponent)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var outputs: [ShortOutput] = []
        let path = plan.path
        for moment in (selection ?? plan.selection).chosen {
            let rank = moment.rank ?? outputs.count + 1
            let video = "\(base)_short\(rank).mp4"
            let thumbnail = "\(base)_short\(rank).jpg"
            let subtitles = (folder as NSString).appendingPathComponent(".\((base as NSString).lastPathComponent)_short\(rank).ass")
            defer { try? FileManager.default.removeItem(atPath: subtitles) }
            let laid = PhoneSubtitles.layout(cues, from: moment.start, to: moment.end, style: parameters.subtitles)
            var overlay = ""
            if !laid.isEmpty {
                do {
                    try PhoneSubtitles.ass(laid, style: parameters.subtitles, width: outputWidth, height: outputHeight).write(toFile: subtitles, atomically: true, encoding: .utf8)
                } catch {
                    throw ShortsError(.artifact, "cannot write \(subtitles): \(error.localizedDescription)")
                }
                overlay = "subtitles=filename=\(ShortRenderer.quoted(subtitles))"
            }
            let request = ShortRenderRequest(
                source: source, start: moment.start, end: moment.end, windowWidth: path.windowWidth, windowHeight: path.windowHeight,
                left: { path.left(at: $0) }, fillRanges: path.blurredFillRanges(from: moment.start, to: moment.end),
                outputWidth: outputWidth, outputHeight: outputHeight, overlayFilters: overlay, watermark: watermark,
                watermarkX: watermarkX, watermarkY: watermarkY, watermarkOpacity: watermarkOpacity,
                targetLoudness: targetLoudness, output: (outputDirectory as NSString).appendingPathComponent(video))
            let rendered = try ShortRenderer.render(request, cancellation: cancellation)
            _ = try ThumbnailExtractor(options: ThumbnailOptions(atSeconds: rendered.duration / 2, maxWidth: outputWidth, maxHeight: outputHeight))
                .extract(from: .file(rendered.path), to: (outputDirectory as NSString).appendingPathComponent(thumbnail), cancellation: cancellation)
            outputs.append(ShortOutput(rank: rank, start: moment.start, end: moment.end, score: moment.score, signals: moment.signals, video: video,
                                       thumbnail: thumbnail, duration: rendered.duration, sourceLoudness: rendered.sourceLoudness, gain: rendered.gain))
        }
        return outputs
    }
}

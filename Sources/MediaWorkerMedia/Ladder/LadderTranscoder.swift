internal import CFFmpeg
import Foundation

/// The local rendition ladder: decodes the source once and feeds every rendition's thread,
/// each scaling with libswscale and encoding H.264 (libx264) with the shared AAC audio into
/// an MP4 with faststart. Outputs are validated before they are moved into place.
public struct LadderTranscoder: Sendable {
    public var options: LadderOptions
    public var limits: MediaLimits

    public init(options: LadderOptions = LadderOptions(), limits: MediaLimits = MediaLimits()) {
        self.options = options
        self.limits = limits
    }

    /// Plans the ladder for `source` without encoding.
    public func plan(_ source: MediaSource) throws -> [RenditionPlan] {
        try FFmpegLog.configure()
        let input = try InputContext.open(source, limits: limits)
        guard let index = input.bestStream(AVMEDIA_TYPE_VIDEO) else {
            throw MediaError(.unsupportedContent, "\(input.name) has no video stream", path: input.name)
        }
        return RenditionPlan.plan(options.renditions, geometry: MediaProber.geometry(input, input.stream(index)), cascadeAreaRatio: options.cascadeAreaRatio)
    }

    /// Encodes every planned rendition of `source` to `outputPath(rendition)`. Blocking; it
    /// starts one thread per rendition. `progress` receives 0…1 as decoding advances.
    public func transcode(
        _ source: MediaSource, outputPath: @Sendable (Rendition) -> String,
        progress: (@Sendable (Double) -> Void)? = nil, cancellation: MediaCancellation? = nil
    ) throws -> [RenditionOutput] {
        try transcode(source, outputPath: outputPath, thumbnail: nil, progress: progress, cancellation: cancellation).renditions
    }

    /// Encodes the ladder and, from the same decoding pass, writes the thumbnail the
    /// extractor would take (the first frame at or after its time) to `thumbnail.path`.
    public func transcode(
        _ source: MediaSource, outputPath: @Sendable (Rendition) -> String, thumbnail: (extractor: ThumbnailExtractor, path: String)?,
        progress: (@Sendable (Double) -> Void)? = nil, cancellation: MediaCancellation? = nil
    ) throws -> (renditions: [RenditionOutput], thumbnail: ThumbnailResult?) {
        try transcode(source, outputPath: outputPath, thumbnail: thumbnail, sprites: nil, progress: progress, cancellation: cancellation)
    }

    /// As above, and feeds `sprites` every decoded picture of the kept part, finishing it at
    /// the end of the video (its ``SpriteSheetWriter/result`` is then set).
    public func transcode(
        _ source: MediaSource, outputPath: @Sendable (Rendition) -> String, thumbnail: (extractor: ThumbnailExtractor, path: String)?,
        sprites: SpriteSheetWriter?, progress: (@Sendable (Double) -> Void)? = nil, cancellation: MediaCancellation? = nil
    ) throws -> (renditions: [RenditionOutput], thumbnail: ThumbnailResult?) {
        try FFmpegLog.configure()
        // Loudness: a measuring pass over the audio first (of the first rung's track), then the
        // correction in the encoding pass.
        var measurement: LoudnessMeasurement?
        var audioFilter: String?
        if let loudness = options.loudness {
            (measurement, audioFilter) = try LoudnessPass.run(
                loudness, source: source, limits: limits, clip: options.clip, track: options.renditions.first?.audioTrack, cancellation: cancellation)
        }
        let input = try InputContext.open(source, limits: limits, cancellation: cancellation)
        let run = try LadderRun(input: input, options: options, outputPath: outputPath, thumbnail: thumbnail, sprites: sprites, progress: progress, audioFilter: audioFilter)
        var renditions = try run.execute()
        if let measurement {
            for index in renditions.indices where renditions[index].hasAudio { renditions[index].loudness = measurement }
        }
        return (renditions, run.thumbnailResult)
    }
}

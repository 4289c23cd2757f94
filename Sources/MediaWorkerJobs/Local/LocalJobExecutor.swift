public import MediaWorkerMedia
import Foundation

/// Runs a planned job with the local engine: each file group's video outputs as one ladder
/// (MP4) and its FRAME_CAPTURE outputs as JPEGs, each HLS, DASH ISO or CMAF group as a
/// package laid out as MediaConvert writes it (Packaging/), and audio-only outputs as AAC
/// files. Output keys are the planned ones, under `outputRoot`.
public struct LocalJobExecutor: Sendable {
    /// The base encoder settings (preset, queue depth, threads); the template sets the rest.
    public var ladder: LadderOptions
    public var limits: MediaLimits

    public init(ladder: LadderOptions = LadderOptions(), limits: MediaLimits = MediaLimits()) {
        self.ladder = ladder
        self.limits = limits
    }

    /// Encodes every planned output of `job` from `file`. Blocking. With `thumbnail`, the
    /// first video group's decoding pass also writes the thumbnail; with `thumbnailsStem`
    /// (`thumbnail/show/ep1`) and the template's `MediaWorkerThumbnails`, it also makes the
    /// sprite sheets and the WebVTT thumbnails track (Packaging/ThumbnailTrack.swift).
    public func execute(
        _ job: PlannedJob, template: JobTemplate, file: String, outputRoot: String,
        thumbnail: (extractor: ThumbnailExtractor, path: String)? = nil, thumbnailsStem: String? = nil,
        progress: (@Sendable (Double) -> Void)? = nil, cancellation: MediaCancellation? = nil
    ) throws -> (outputs: [LocalJobOutput], thumbnail: ThumbnailResult?) {
        var results: [LocalJobOutput] = []
        var taken: ThumbnailResult?
        var pendingThumbnail = thumbnail
        let track = thumbnailsStem.flatMap { stem in template.thumbnails.map { ThumbnailTrack(settings: $0, stem: stem) } }
        let sprites = try track.map { try SpriteSheetWriter(options: $0.options(outputRoot: outputRoot)) }
        var pendingSprites = sprites
        var sourceDuration = job.sourceDuration
        let groups = template.outputGroups.filter { group in
            if case .other(let type) = group.kind, !Self.streamingGroupTypes.contains(type) { return false }
            return job.outputs.contains { $0.groupIndex == group.index }
        }
        for (position, group) in groups.enumerated() {
            let planned = job.outputs.filter { $0.groupIndex == group.index }
            let share: @Sendable (Double) -> Void = { fraction in progress?((Double(position) + fraction) / Double(groups.count)) }
            let package: (outputs: [LocalJobOutput], thumbnail: ThumbnailResult?)?
            if group.kind == .hls {
                // Encoded as MP4s, then packaged the way MediaConvert writes HLS (LocalJobExecutor+HLS.swift).
                package = try executeHLS(
                    group: group, planned: planned, job: job, template: template, file: file, outputRoot: outputRoot, thumbnail: pendingThumbnail,
                    sprites: pendingSprites, progress: share, cancellation: cancellation)
            } else if case .other(let type) = group.kind {
                // DASH ISO and CMAF (LocalJobExecutor+DASH.swift).
                package = try executeDASH(
                    group: group, type: type, planned: planned, job: job, template: template, file: file, outputRoot: outputRoot,
                    thumbnail: pendingThumbnail, sprites: pendingSprites, progress: share, cancellation: cancellation)
            } else {
                package = nil
            }
            if let package {
                results += package.outputs
                if pendingSprites?.result != nil { pendingSprites = nil }
                if pendingThumbnail != nil, package.thumbnail != nil {
                    taken = package.thumbnail
                    pendingThumbnail = nil
                }
                continue
            }
            let video = planned.filter { $0.video != nil && $0.container != .other }
            if !video.isEmpty {
                var options = LocalMapping.ladderOptions(for: video, group: group, base: ladder)
                options.clip = template.inputClip
                options.rotation = template.inputRotation
                for index in options.renditions.indices { options.renditions[index].burnin?.startTimecode = template.burninStartTimecode }
                try ImageInputs.apply(to: &options, template: template, file: file)
                // Renditions are named per output, in the same order (LocalMapping.renditions).
                let byName = Dictionary(uniqueKeysWithValues: zip(options.renditions.map(\.name), video))
                for index in options.renditions.indices {
                    let output = byName[options.renditions[index].name]!
                    let json = template.settings["OutputGroups"]?.elements?[group.index]["Outputs"]?.elements?[output.outputIndex]
                    (options.renditions[index].fileFormat, options.renditions[index].mp4Boxes) = LocalMapping.fileContainer(json?["ContainerSettings"])
                }
                let captionScripts = Self.path(outputRoot, ".mw-burnin-\(group.index)")
                defer { try? FileManager.default.removeItem(atPath: captionScripts) }
                try CaptionBurnins.apply(to: &options, outputs: byName, job: job, file: file, folder: captionScripts)
                let (renditions, thumb) = try LadderTranscoder(options: options, limits: limits).transcode(
                    .file(file), outputPath: { Self.path(outputRoot, byName[$0.name]!.key) }, thumbnail: pendingThumbnail, sprites: pendingSprites,
                    progress: share, cancellation: cancellation)
                if pendingThumbnail != nil {
                    taken = thumb
                    pendingThumbnail = nil
                }
                pendingSprites = nil
                for rendition in renditions {
                    let output = byName[rendition.name]!
                    let average = rendition.duration > 0 ? Int(Double(rendition.bytes) * 8 / rendition.duration) : nil
                    var delivered = LocalJobOutput(
                        role: .rendition, path: output.key, bytes: rendition.bytes, width: rendition.width, height: rendition.height,
                        duration: rendition.duration, bitrate: average)
                    delivered.loudness = rendition.loudness
                    results.append(delivered)
                }
            }
            for output in planned where output.video?.codec == "FRAME_CAPTURE" {
                // FRAME_CAPTURE (RAW) outputs: JPEGs under thumbnail/ (Packaging/FrameCaptures.swift).
                let json = template.settings["OutputGroups"]?.elements?[group.index]["Outputs"]?.elements?[output.outputIndex] ?? .object([])
                // The source is probed once, for the first capture output that needs its duration.
                if sourceDuration == nil { sourceDuration = try MediaProber(limits: limits).probe(.file(file), cancellation: cancellation).container.duration ?? 0 }
                let duration = sourceDuration ?? 0
                results += try FrameCaptures(json).capture(output, file: file, duration: duration, outputRoot: outputRoot, limits: limits, cancellation: cancellation)
            }
            for output in planned where output.video == nil && !output.captionsOnly {
                let path = Self.path(outputRoot, output.key)
                var transcoder = AudioMapping.transcoder(for: output, clip: template.inputClip, limits: limits)
                AudioMapping.apply(output, to: &transcoder)
                let result = try transcoder.transcode(.file(file), to: path, progress: share, cancellation: cancellation)
                var delivered = LocalJobOutput(role: .audio, path: output.key, bytes: result.bytes, duration: result.duration, bitrate: output.audio?.bitrate)
                delivered.loudness = result.loudness
                results.append(delivered)
            }
        }
        // The sheets came from the first video group's pass; the track names them.
        if let track, let result = sprites?.result { results += try track.write(result, outputRoot: outputRoot) }
        return (results, taken)
    }

    static func path(_ root: String, _ key: String) -> String { (root as NSString).appendingPathComponent(key) }
}

import Foundation
import MediaWorkerCaptions
import MediaWorkerJobs
public import MediaWorkerMedia
import MediaWorkerShorts

/// The whole pipeline on the local filesystem: one input file in, the media of the delivery
/// layout out (`audiovideo/`, `thumbnail/`, `closed-caption/`, and `original/` when asked).
/// It returns the job record as a value (outputs, probe, timings, warnings; `status`
/// `complete` or `failed` with the reason) and writes no record itself: the caller writes it
/// through its ``JobRecordStore`` (the worker to S3, `media-worker process` to the folder).
public struct LocalPipeline: Sendable {
    public var options: PipelineOptions
    public var worker: String

    public init(options: PipelineOptions = PipelineOptions(), worker: String = "media-worker") {
        self.options = options
        self.worker = worker
    }

    /// Processes `file`, delivering under `outputDirectory` as if it had been uploaded as
    /// `key` (default: its file name); with `copyOriginal`, the file is copied to
    /// `original/` too (the worker copies it inside S3 instead). Blocking. A failure is in
    /// the returned record, not thrown.
    public func process(
        file: String, key: String? = nil, outputDirectory: String, copyOriginal: Bool = true,
        progress: (@Sendable (PipelineProgress) -> Void)? = nil, cancellation: MediaCancellation? = nil
    ) -> DeliveryReport {
        let name = key ?? (file as NSString).lastPathComponent
        let layout = DeliveryLayout(key: name)
        let size = ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.int64Value ?? 0
        var report = DeliveryReport(status: .failed, input: .init(key: name, bytes: size), startedAt: Date(), worker: worker)
        let kind = MediaKind(fileName: name)
        if kind == .uploadPartial {
            report.status = .ignored
            report.finishedAt = Date()
            return report
        }
        let output = OutputDirectory(root: outputDirectory)
        do {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw MediaError(.io, "\(file) does not exist or cannot be read", path: file)
            }
            if copyOriginal {
                progress?(PipelineProgress(step: "original", fraction: 0))
                report.outputs.append(try output.copy(file, to: layout.original, role: .original))
            }
            try deliver(file: file, kind: kind, layout: layout, output: output, report: &report, progress: progress, cancellation: cancellation)
            report.status = .complete
        } catch {
            report.status = .failed
            report.error = Self.failure(error)
        }
        report.finishedAt = Date()
        if report.status == .complete { progress?(PipelineProgress(step: "done", fraction: 1)) }
        return report
    }

    private func deliver(
        file: String, kind: MediaKind, layout: DeliveryLayout, output: OutputDirectory, report: inout DeliveryReport,
        progress: (@Sendable (PipelineProgress) -> Void)?, cancellation: MediaCancellation?
    ) throws {
        switch kind {
        case .uploadPartial:
            return
        case .captions:
            report.kind = "captions"
            let bytes = try output.readSmall(file, limit: options.maxCaptionBytes)
            let conversion = try CaptionConverter.convert(bytes, fileName: layout.relativePath)
            report.outputs.append(try output.write(Data(conversion.webVTT.utf8), to: layout.captions, role: .captions))
            report.captions = CaptionSummary(
                sourceFormat: conversion.sourceFormat.rawValue, encoding: conversion.encoding.rawValue,
                cues: conversion.cueCount, fixes: conversion.fixes.total)
        case .mp3, .video, .audio, .other:
            progress?(PipelineProgress(step: "probe", fraction: 0.01))
            let metadata = try MediaProber(limits: options.limits).probe(.file(file), cancellation: cancellation)
            report.media = metadata
            report.kind = metadata.kind.rawValue
            if kind == .mp3 {
                guard metadata.kind == .audio, metadata.audio.first?.codec == "mp3" else {
                    throw MediaError(.unsupportedContent, "\(layout.relativePath) is named .mp3 but holds \(metadata.audio.first?.codec ?? metadata.kind.rawValue)", path: file)
                }
                report.outputs.append(try output.copy(file, to: layout.mp3, role: .audio, duration: metadata.container.duration))
                return
            }
            switch metadata.kind {
            case .video:
                if let template = options.template, ShortsJob.isShortsTemplate(template) {
                    try deliverShorts(template, file: file, layout: layout, output: output, report: &report, progress: progress, cancellation: cancellation)
                } else if let template = options.template {
                    try deliverTemplate(template, metadata: metadata, file: file, layout: layout, output: output, report: &report, progress: progress, cancellation: cancellation)
                } else {
                    try deliverVideo(file: file, layout: layout, output: output, report: &report, progress: progress, cancellation: cancellation)
                }
            case .audio:
                let result = try AudioTranscoder(bitrate: options.audioBitrate, sampleRate: options.ladder.audioSampleRate, limits: options.limits)
                    .transcode(.file(file), to: output.path(layout.audio), progress: { progress?(PipelineProgress(step: "audio", fraction: 0.02 + 0.97 * $0)) }, cancellation: cancellation)
                report.outputs.append(.init(role: .audio, path: layout.audio, bytes: result.bytes, duration: result.duration, bitrate: options.audioBitrate))
            case .image:
                throw MediaError(.unsupportedContent, "\(layout.relativePath) is a still image (\(metadata.container.format)), not video or audio; media-worker delivers video and audio only", path: file)
            case .unknown:
                throw MediaError(.unsupportedContent, "\(layout.relativePath) has neither video nor audio", path: file)
            }
        }
    }

    private func deliverVideo(
        file: String, layout: DeliveryLayout, output: OutputDirectory, report: inout DeliveryReport,
        progress: (@Sendable (PipelineProgress) -> Void)?, cancellation: MediaCancellation?
    ) throws {
        // One decoding pass makes the renditions and the thumbnail.
        let extractor = ThumbnailExtractor(options: options.thumbnail, limits: options.limits)
        let (renditions, taken) = try LadderTranscoder(options: options.ladder, limits: options.limits).transcode(
            .file(file), outputPath: { output.path(layout.rendition($0.name)) }, thumbnail: (extractor, output.path(layout.thumbnail)),
            progress: { progress?(PipelineProgress(step: "renditions", fraction: 0.02 + 0.97 * $0)) }, cancellation: cancellation)
        guard let thumbnail = taken else {
            throw MediaError(.decodeFailed, "\(layout.relativePath): no frame for the thumbnail was decoded", path: file)
        }
        report.outputs.append(.init(role: .thumbnail, path: layout.thumbnail, bytes: Int64(thumbnail.bytes), width: thumbnail.width, height: thumbnail.height, time: thumbnail.time))
        for rendition in renditions {
            report.outputs.append(.init(
                role: .rendition, path: layout.rendition(rendition.name), bytes: rendition.bytes, width: rendition.width,
                height: rendition.height, duration: rendition.duration, bitrate: rendition.videoBitrate))
        }
    }

    /// Plans the template for the file and runs it with the local engine; the thumbnail comes
    /// from the first video group's decoding pass.
    private func deliverTemplate(
        _ template: JobTemplate, metadata: MediaMetadata, file: String, layout: DeliveryLayout, output: OutputDirectory,
        report: inout DeliveryReport, progress: (@Sendable (PipelineProgress) -> Void)?, cancellation: MediaCancellation?
    ) throws {
        let planner = JobPlanner(submission: JobSubmission(role: "local", application: worker))
        let source = JobSource(
            bucket: "local", key: layout.relativePath.isEmpty ? report.input.key : DeliveryLayout.inputPrefix + layout.relativePath, etag: "",
            captionsURL: ShortsCaptions.beside(file))
        let job = try planner.plan(template: template, metadata: metadata, source: source, destination: DeliveryLayout(key: source.key).jobDestination(bucket: "local"))
        let extractor = ThumbnailExtractor(options: options.thumbnail, limits: options.limits)
        let executor = LocalJobExecutor(ladder: options.ladder, limits: options.limits)
        let (outputs, taken) = try executor.execute(
            job, template: template, file: file, outputRoot: output.root, thumbnail: (extractor, output.path(layout.thumbnail)),
            thumbnailsStem: (layout.thumbnail as NSString).deletingPathExtension,
            progress: { progress?(PipelineProgress(step: "renditions", fraction: 0.02 + 0.97 * $0)) }, cancellation: cancellation)
        if let thumbnail = taken {
            report.outputs.append(.init(role: .thumbnail, path: layout.thumbnail, bytes: Int64(thumbnail.bytes), width: thumbnail.width, height: thumbnail.height, time: thumbnail.time))
        }
        report.outputs += outputs
        var record = EncodingJob(
            backend: "local", template: template.name, templateVersion: template.version, plannedKeys: job.playlists + job.outputs.map(\.key),
            dropped: job.dropped, notExecuted: template.localWarnings.map(\.path))
        record.status = "COMPLETE"
        report.job = record
    }

    /// The metadata's `error` for a failure: the error's code and its message.
    public static func failure(_ error: any Error) -> DeliveryReport.Failure {
        DeliveryReport.Failure(error)
    }
}

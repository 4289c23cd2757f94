import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerShorts

/// A template with a `MediaWorkerShorts` member makes shorts instead of renditions: the
/// upload is analysed once, its best moments are rendered as vertical shorts under
/// `shorts/<path>/<name>_short<N>.mp4|.jpg`, every stage's result is kept under
/// `analysis/<path>/<name>/`, and the 7 s thumbnail is delivered as for every video. The
/// captions are the caption file beside the upload (`ep1.srt` for `ep1.mp4`), when there is one.
extension LocalPipeline {
    func deliverShorts(
        _ template: JobTemplate, file: String, layout: DeliveryLayout, output: OutputDirectory, report: inout DeliveryReport,
        progress: (@Sendable (PipelineProgress) -> Void)?, cancellation: MediaCancellation?
    ) throws {
        let job = try ShortsJob(template: template)
        let picture = try ThumbnailExtractor(options: options.thumbnail, limits: options.limits)
            .extract(from: .file(file), to: output.path(layout.thumbnail), cancellation: cancellation)
        report.outputs.append(.init(role: .thumbnail, path: layout.thumbnail, bytes: Int64(picture.bytes), width: picture.width, height: picture.height, time: picture.time))
        let cues = try ShortsCaptions.cues(ShortsCaptions.beside(file))
        let result = try job.run(
            file: file, cues: cues, outputRoot: output.root, analysis: layout.analysis, base: layout.shortsBase, limits: options.limits,
            cancellation: cancellation,
            progress: { step, fraction in
                progress?(PipelineProgress(step: "shorts \(step)", fraction: step == "analysis" ? 0.02 + 0.48 * fraction : 0.5 + 0.49 * fraction))
            })
        func size(_ relative: String) -> Int64 {
            ((try? FileManager.default.attributesOfItem(atPath: output.path(relative)))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        for short in result.outputs {
            report.outputs.append(.init(
                role: .short, path: short.video, bytes: size(short.video), width: job.renderer.outputWidth, height: job.renderer.outputHeight,
                duration: short.duration))
            report.outputs.append(.init(role: .shortThumbnail, path: short.thumbnail, bytes: size(short.thumbnail)))
        }
        for artifact in result.artifacts + [result.manifest] {
            report.outputs.append(.init(role: .analysis, path: artifact, bytes: size(artifact)))
        }
        report.shorts = result.outputs.map(DeliveredShort.init)
        var record = EncodingJob(
            backend: "local", template: template.name, templateVersion: template.version, plannedKeys: result.outputs.map(\.video),
            notExecuted: template.localWarnings.map(\.path))
        record.status = "COMPLETE"
        report.job = record
    }
}

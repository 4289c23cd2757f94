import ArgumentParser
import Foundation
import MediaWorkerCaptions
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService
import MediaWorkerShorts

/// `media-worker shorts FILE|s3://… --output-dir DIR [--template T] [--captions FILE] [--rescore]`.
struct ShortsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shorts",
        abstract: "Find the moments of a long video worth a vertical short, and the virtual camera's path.",
        discussion: """
            Analyses the video once (480 px, 5 fps: shot cuts, motion, the moving subject, loudness, \
            speech), scores candidate windows on shot and sentence boundaries, chooses the best that do \
            not overlap, and solves the camera for a 9:16 window. Writes every stage under \
            DIR/analysis/<name>/ (signals.json, shots.json, candidates.json, camera.json). The captions: \
            --captions, else a caption file with the video's base name beside it (episode.srt for \
            episode.mp4). --rescore ranks the kept candidates again with the template's weights, without \
            reading the video. The parameters are the template's MediaWorkerShorts member (docs/shorts.md). \
            With s3://BUCKET/KEY (the AWS settings from the environment, as for download), --analyse-only \
            reads the object with ranged GETs; rendering downloads it first. The captions beside it \
            (s3://BUCKET/episode.srt), an s3:// --captions and the template's s3:// ImageInserter \
            watermark are downloaded as the worker downloads them.
            """)

    @Argument(help: "A local video file or s3://BUCKET/KEY (not read with --rescore).")
    var input: String

    @Option(help: "The output directory.")
    var outputDir: String

    @Option(help: "The template whose MediaWorkerShorts member holds the parameters (default: job-templates/shorts.json when present).")
    var template: String?

    @Option(help: "A caption file (SRT, WebVTT, SBV, TTML) for the video: a local path or s3://BUCKET/KEY.")
    var captions: String?

    @Flag(help: "Rank the kept candidates again with the template's weights; no video is read.")
    var rescore = false

    @Flag(help: "Stop after the analysis, the moments and the camera path; render nothing.")
    var analyseOnly = false

    @Option(help: "A PNG drawn over every short in place of the template's ImageInserter image (which may be a local path or s3://).")
    var watermark: String?

    func run() async throws {
        try await reportingFailure {
            let name = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
            let analysis = "analysis/\(name)"
            let directory = (outputDir as NSString).appendingPathComponent(analysis)
            if rescore {
                let job = try parametersJob()
                let selection = try ShortsPlanner.rescore(directory, parameters: job.parameters)
                print("re-scored \(selection.candidates.count) candidates in \(directory)/candidates.json")
                printChosen(selection)
                return
            }
            // Downloads (the video to render, the captions beside it, the template's side inputs) go here.
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("media-worker-shorts-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let remote = try input.hasPrefix("s3://") ? S3Location(uri: input) : nil
            let s3 = try remote != nil || captions?.hasPrefix("s3://") == true ? S3Client.fromEnvironment() : nil
            let cues = try ShortsCaptions.cues(try await captionFile(remote: remote, s3: s3, scratch: scratch))
            if analyseOnly {
                let job = try parametersJob()
                let media = try await MediaInput.resolve(input)
                let progress = ProgressReporter(label: "shorts")
                let source = media.source
                let plan = try await runMediaWork("media-worker.shorts") { cancellation in
                    try ShortsPlanner.plan(source, cues: cues, parameters: job.parameters, cancellation: cancellation,
                                           progress: { progress.update(step: "analysis", fraction: $0) })
                }
                progress.finish()
                try ShortsPlanner.write(plan, to: directory)
                printAnalysis(plan, cues: cues.count, directory: directory)
                media.reportBytesRead()
                return
            }
            let job = try await renderJob(localizingIn: scratch, source: remote)
            var video = input
            if let remote, let s3 {
                video = (scratch as NSString).appendingPathComponent("source." + ((remote.key as NSString).pathExtension.isEmpty ? "media" : (remote.key as NSString).pathExtension))
                let downloading = ProgressReporter(label: "download")
                _ = try await s3.download(remote, toFile: video) { downloading.update($0, $1) }
                downloading.finish()
            }
            let progress = ProgressReporter(label: "shorts")
            let (file, root) = (video, outputDir)
            let result = try await runMediaWork("media-worker.shorts") { cancellation in
                try job.run(file: file, cues: cues, outputRoot: root, analysis: analysis, base: "shorts/\(name)", cancellation: cancellation,
                            progress: { step, fraction in progress.update(step: step, fraction: fraction) })
            }
            progress.finish()
            printAnalysis(result.plan, cues: cues.count, directory: directory)
            for output in result.outputs {
                print("wrote \(output.video) (\(String(format: "%.2f", output.duration)) s) and \(output.thumbnail)")
            }
            print("wrote \(result.manifest)")
        }
    }

    /// The caption file: `--captions` (downloaded into `scratch` when it is `s3://`), else the
    /// one with the video's base name beside it, locally or in the video's bucket.
    private func captionFile(remote: S3Location?, s3: S3Client?, scratch: String) async throws -> String? {
        if let captions, captions.hasPrefix("s3://"), let s3 {
            let location = try S3Location(uri: captions)
            let path = (scratch as NSString).appendingPathComponent("captions." + (location.key as NSString).pathExtension)
            _ = try await s3.download(location, toFile: path)
            return path
        }
        if let captions { return captions }
        if let remote, let s3 {
            return try await CaptionsBeside.download(remote, from: s3, as: (scratch as NSString).appendingPathComponent("captions"))
        }
        return ShortsCaptions.beside(input)
    }

    private func printAnalysis(_ plan: ShortsPlan, cues: Int, directory: String) {
        let measured = plan.measurements
        print("analysed \(String(format: "%.1f", measured.duration)) s: \(measured.frames.count) frames, \(measured.shotCuts.count) cuts, "
            + "\(cues) caption cues; \(plan.selection.candidates.count) candidates")
        printChosen(plan.selection)
        print("wrote \(directory)/{signals,shots,candidates,camera}.json")
    }

    private func printChosen(_ selection: MomentSelection) {
        for short in selection.chosen {
            print("short \(short.rank ?? 0): \(String(format: "%.2f", short.start))–\(String(format: "%.2f", short.end)) s, score \(String(format: "%.3f", short.score))")
        }
    }

    /// The template: `--template`, else `job-templates/shorts.json` when present.
    private var templatePath: String? {
        template ?? (FileManager.default.fileExists(atPath: "job-templates/shorts.json") ? "job-templates/shorts.json" : nil)
    }

    /// The job's parameters only, for re-ranking and the analysis (no watermark needed);
    /// the defaults without a template.
    private func parametersJob() throws -> ShortsJob {
        guard let path = templatePath else { return ShortsJob() }
        return ShortsJob(parameters: try ShortsParameters(template: try JobTemplate.load(path: path)))
    }

    /// The job to render: the template's parameters, loudness and watermark, `--watermark`
    /// taking the place of its image. A template image in S3 is downloaded into `folder` first
    /// (placeholders filled for `source`, as the worker fills them).
    private func renderJob(localizingIn folder: String, source: S3Location?) async throws -> ShortsJob {
        guard let path = templatePath else {
            return ShortsJob(watermark: watermark.map { ImageOverlay(path: $0, x: 60, y: 120, opacity: 70) })
        }
        var loaded = try JobTemplate.load(path: path)
        if watermark == nil, SideInputs.members(of: loaded).contains(where: { SideInputs.isS3($0.written) }) {
            let key = source?.key ?? (input as NSString).lastPathComponent
            let values = JobPlanner.placeholderValues(
                source: JobSource(bucket: source?.bucket ?? "local", key: key, etag: ""),
                destination: DeliveryLayout(key: key).jobDestination(bucket: "local"))
            loaded = try await SideInputs(store: try S3Client.fromEnvironment()).localize(loaded, values: values, folder: folder)
        }
        return try ShortsJob(template: loaded, watermark: watermark)
    }
}

import ArgumentParser
import Foundation
import MediaWorkerCaptions
import MediaWorkerJobs
import MediaWorkerMedia
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
            reading the video. The parameters are the template's MediaWorkerShorts member (docs/shorts.md).
            """)

    @Argument(help: "A local video file or s3://BUCKET/KEY (not read with --rescore).")
    var input: String

    @Option(help: "The output directory.")
    var outputDir: String

    @Option(help: "The template whose MediaWorkerShorts member holds the parameters (default: job-templates/shorts.json when present).")
    var template: String?

    @Option(help: "A caption file (SRT, WebVTT, SBV, TTML) for the video.")
    var captions: String?

    @Flag(help: "Rank the kept candidates again with the template's weights; no video is read.")
    var rescore = false

    @Flag(help: "Stop after the analysis, the moments and the camera path; render nothing.")
    var analyseOnly = false

    @Option(help: "A PNG drawn over every short (the template's ImageInserter names an S3 image only MediaConvert reads).")
    var watermark: String?

    func run() async throws {
        try await reportingFailure {
            let job = try loadJob()
            let name = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
            let analysis = "analysis/\(name)"
            let directory = (outputDir as NSString).appendingPathComponent(analysis)
            if rescore {
                let selection = try ShortsPlanner.rescore(directory, parameters: job.parameters)
                print("re-scored \(selection.candidates.count) candidates in \(directory)/candidates.json")
                printChosen(selection)
                return
            }
            let cues = try ShortsCaptions.cues(captions ?? (input.hasPrefix("s3://") ? nil : ShortsCaptions.beside(input)))
            if analyseOnly {
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
            guard !input.hasPrefix("s3://") else {
                throw ValidationError("rendering reads a local file; download the video first, or pass --analyse-only")
            }
            let progress = ProgressReporter(label: "shorts")
            let (video, root) = (input, outputDir)
            let result = try await runMediaWork("media-worker.shorts") { cancellation in
                try job.run(file: video, cues: cues, outputRoot: root, analysis: analysis, base: "shorts/\(name)", cancellation: cancellation,
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

    /// The job of the template (`job-templates/shorts.json` when present; the defaults without
    /// one), `--watermark` taking the place of the template's image.
    private func loadJob() throws -> ShortsJob {
        let path = template ?? (FileManager.default.fileExists(atPath: "job-templates/shorts.json") ? "job-templates/shorts.json" : nil)
        guard let path else {
            return ShortsJob(watermark: watermark.map { ImageOverlay(path: $0, x: 60, y: 120, opacity: 70) })
        }
        let loaded = try JobTemplate.load(path: path)
        // Re-ranking and the analysis need the parameters only, not the watermark.
        if rescore || analyseOnly { return ShortsJob(parameters: try ShortsParameters(template: loaded)) }
        return try ShortsJob(template: loaded, watermark: watermark)
    }
}

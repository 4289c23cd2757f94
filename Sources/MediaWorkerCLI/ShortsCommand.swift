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
            let (parameters, target) = try loadParameters()
            let name = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
            let directory = ((outputDir as NSString).appendingPathComponent("analysis") as NSString).appendingPathComponent(name)
            if rescore {
                let selection = try ShortsPlanner.rescore(directory, parameters: parameters)
                print("re-scored \(selection.candidates.count) candidates in \(directory)/candidates.json")
                printChosen(selection)
                return
            }
            let cues = try loadCues()
            let media = try await MediaInput.resolve(input)
            let progress = ProgressReporter(label: "shorts")
            let source = media.source
            let plan = try await runMediaWork("media-worker.shorts") { cancellation in
                try ShortsPlanner.plan(source, cues: cues, parameters: parameters, cancellation: cancellation,
                                       progress: { progress.update(step: "analysis", fraction: $0) })
            }
            progress.finish()
            try ShortsPlanner.write(plan, to: directory)
            let measured = plan.measurements
            print("analysed \(String(format: "%.1f", measured.duration)) s: \(measured.frames.count) frames, \(measured.shotCuts.count) cuts, "
                + "\(cues.count) caption cues; \(plan.selection.candidates.count) candidates")
            printChosen(plan.selection)
            print("wrote \(directory)/{signals,shots,candidates,camera}.json")
            media.reportBytesRead()
            guard !analyseOnly else { return }
            guard !input.hasPrefix("s3://") else {
                throw ValidationError("rendering reads a local file; download the video first, or pass --analyse-only")
            }
            let renderer = ShortsRenderer(parameters: parameters, watermark: watermark, targetLoudness: target)
            let (video, outputDir) = (input, self.outputDir)
            let outputs = try await runMediaWork("media-worker.shorts.render") { cancellation in
                try renderer.render(plan, source: video, cues: cues, outputDirectory: outputDir, base: "shorts/\(name)", cancellation: cancellation)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let manifest = (outputDir as NSString).appendingPathComponent("shorts/\(name)_shorts.json")
            try encoder.encode(outputs).write(to: URL(fileURLWithPath: manifest), options: .atomic)
            for output in outputs {
                print("wrote \(output.video) (\(String(format: "%.2f", output.duration)) s) and \(output.thumbnail)")
            }
            print("wrote shorts/\(name)_shorts.json")
        }
    }

    private func printChosen(_ selection: MomentSelection) {
        for short in selection.chosen {
            print("short \(short.rank ?? 0): \(String(format: "%.2f", short.start))–\(String(format: "%.2f", short.end)) s, score \(String(format: "%.3f", short.score))")
        }
    }

    /// The template's shorts parameters and its first output's `TargetLkfs` (−14 without a template).
    private func loadParameters() throws -> (ShortsParameters, Double?) {
        let path = template ?? (FileManager.default.fileExists(atPath: "job-templates/shorts.json") ? "job-templates/shorts.json" : nil)
        guard let path else { return (ShortsParameters(), -14) }
        let loaded = try JobTemplate.load(path: path)
        let normalization = loaded.settings["OutputGroups"]?.elements?.first?["Outputs"]?.elements?.first?["AudioDescriptions"]?.elements?.first?["AudioNormalizationSettings"]
        let target = normalization.flatMap { $0["AlgorithmControl"]?.stringValue == "MEASURE_ONLY" ? nil : ($0["TargetLkfs"]?.doubleValue ?? -24) }
        return (try ShortsParameters(template: loaded), target)
    }

    /// `--captions`, else `<base>.srt|.vtt|.sbv|.ttml` beside a local video.
    private func loadCues() throws -> [CaptionCue] {
        var path = captions
        if path == nil, !input.hasPrefix("s3://") {
            let base = (input as NSString).deletingPathExtension
            path = ["srt", "vtt", "sbv", "ttml", "dfxp"].map { "\(base).\($0)" }.first { FileManager.default.fileExists(atPath: $0) }
        }
        guard let path else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the captions \(path)")
        }
        return try CaptionConverter.cues(Array(data), fileName: path)
    }
}

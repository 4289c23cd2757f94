import ArgumentParser
import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService
import MediaWorkerSupport

/// `media-worker process INPUT --output-dir DIR`: the whole pipeline on the local filesystem.
struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Run the whole pipeline on a local file and write the delivery layout to a directory.",
        discussion: """
            Writes original/, audiovideo/<name>_<rung>.mp4 (or <name>.m4a / <name>.mp3 for audio), \
            json/<name>.json, thumbnail/<name>.jpg and closed-caption/<name>.vtt, as the worker \
            does in the delivery bucket. The JSON is always written, with status complete or failed. \
            Settings as `run` reads them: JOB_TEMPLATE (or MEDIA_WORKER_TEMPLATE), X264_PRESET, THUMBNAIL_SECONDS; \
            the bucket settings are accepted too (nothing is uploaded). A template's side inputs in S3 (ImageInserter \
            images, caption sidecars, at most 50 MiB each) are downloaded with the AWS settings first; \
            {{DESTINATION_BUCKET}} in their URIs is the delivery bucket setting.
            """)

    @Argument(help: "The file to process.")
    var input: String

    @Option(help: "The delivery directory.")
    var outputDir: String

    @Option(help: "The upload key to deliver it as (default: the file name), e.g. inputs/show/ep1.mp4.")
    var key: String?

    @Option(help: "Rungs to make, comma-separated (default: 1080p,720p,480p,360p).")
    var renditions: String?

    @Option(help: "The x264 preset (X264_PRESET, default veryfast).")
    var preset: String?

    @Option(help: "libx264 threads per rendition (default: the cores shared among the renditions by size; 0: x264 decides).")
    var encoderThreads: Int?

    @Option(help: "A job template to run with the local engine (default: $JOB_TEMPLATE or $MEDIA_WORKER_TEMPLATE, else the built-in ladder).")
    var template: String?

    @Option(help: "Thumbnail time in seconds (THUMBNAIL_SECONDS, default 7).")
    var thumbnailAt: Double?

    @OptionGroup var buckets: BucketOptions

    func run() async throws {
        let flags = buckets.flags.merging(["JOB_TEMPLATE": template, "X264_PRESET": preset, "THUMBNAIL_SECONDS": thumbnailAt.map { String($0) }]) { $1 }
        let reader = ConfigReader.command(flags)
        let settings = try readSettings { () throws(WorkerConfigurationError) in try CommandSettings.process(reader) }
        try await reportingFailure {
            var options = PipelineOptions()
            options.ladder.preset = settings.preset
            options.ladder.encoderThreads = encoderThreads
            options.thumbnail.atSeconds = settings.thumbnailSeconds
            if let path = settings.templatePath {
                let loaded = try JobTemplate.load(path: path)
                for warning in loaded.localWarnings { FileHandle.standardError.write(Data("\(warning)\n".utf8)) }
                options.template = loaded
            }
            // Side inputs in S3 (overlay images, caption sidecars) are fetched with the AWS settings, as the worker fetches them.
            let sideInputs = FileManager.default.temporaryDirectory.appendingPathComponent("media-worker-side-inputs-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: sideInputs) }
            if let template = options.template, SideInputs.members(of: template).contains(where: { SideInputs.isS3($0.written) }) {
                let name = key ?? (input as NSString).lastPathComponent
                let values = JobPlanner.placeholderValues(
                    source: JobSource(bucket: settings.buckets.watchBucket ?? "local", key: name, etag: ""),
                    destination: DeliveryLayout(key: name).jobDestination(bucket: settings.buckets.destinationBucket ?? "local"))
                options.template = try await SideInputs(store: try S3Client.fromEnvironment()).localize(template, values: values, folder: sideInputs)
            }
            if let renditions {
                let names = renditions.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let chosen = Rendition.defaultLadder.filter { names.contains($0.name) }
                guard chosen.count == names.count else {
                    throw ValidationError("--renditions takes names from \(Rendition.defaultLadder.map(\.name).joined(separator: ","))")
                }
                options.ladder.renditions = chosen
            }
            let progress = ProgressReporter(label: "process")
            let (input, outputDir, key, pipelineOptions) = (self.input, self.outputDir, self.key, options)
            let report = try await runMediaWork("media-worker.process") { cancellation in
                LocalPipeline(options: pipelineOptions).process(
                    file: input, key: key, outputDirectory: outputDir,
                    progress: { progress.update(step: $0.step, fraction: $0.fraction) }, cancellation: cancellation)
            }
            progress.finish()
            if report.status != .ignored {
                // The record goes last, as the worker writes it: after every output is in place.
                try await FileJobRecordStore(root: outputDir).write(report)
            }
            switch report.status {
            case .ignored:
                print("ignored \(report.input.key): a plupload partial; the assembled file is processed instead")
            case .complete:
                for output in report.outputs {
                    var line = "\(output.role): \(output.path) (\(ProgressReporter.bytes(output.bytes))"
                    if let width = output.width, let height = output.height { line += ", \(width)×\(height)" }
                    print(line + ")")
                }
                print("metadata: \(DeliveryLayout(key: report.input.key).metadata)")
            case .submitted:
                print("submitted \(report.input.key) as MediaConvert job \(report.job?.id ?? "?")")
            case .failed:
                throw ProcessFailure(message: report.error?.message ?? "processing failed")
            }
        }
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

import Foundation
import MediaWorkerMedia

/// Captions burned into the renditions whose outputs have a `BURN_IN` caption description:
/// the caption selector's sidecar (`FileSourceSettings.SourceFile`: SRT, WebVTT, SBV, TTML; a
/// local path, a `file://` URL or a file of that name beside the input) written as an ASS
/// script into `folder`, rendered by libass. A sidecar in S3 is fetched before the engine runs
/// (MediaWorkerService's SideInputs); other schemes are refused.
enum CaptionBurnins {
    static func apply(to options: inout LadderOptions, outputs byName: [String: PlannedOutput], job: PlannedJob, file: String, folder: String) throws {
        for index in options.renditions.indices {
            guard let output = byName[options.renditions[index].name], let settings = output.video?.captionBurnin else { continue }
            let selectors = job.request["Settings"]?["Inputs"]?.elements?.first?["CaptionSelectors"]
            let selector = settings.selectorName.flatMap { selectors?[$0] } ?? selectors?.members?.first?.value
            guard let source = selector?["SourceSettings"]?["FileSourceSettings"]?["SourceFile"]?.stringValue else {
                throw MediaError(.invalidArgument, "\(output.label): BURN_IN captions need the input's caption selector \(settings.selectorName ?? "") with FileSourceSettings.SourceFile (a sidecar); embedded captions are not burned in by the local engine")
            }
            if let scheme = source.range(of: "://").map({ source[..<$0.lowerBound].lowercased() }), scheme != "file" {
                throw MediaError(.unsupportedContent, "the caption sidecar \(source): the local engine reads sidecars from a local path or a file:// URL; "
                    + (scheme == "s3" ? "side inputs in S3 are fetched into the job folder by the worker and `media-worker process` before it runs, and this caller did not"
                        : "side inputs from \(scheme):// are not fetched. Put the file in S3 or beside the input, or run this template on MediaConvert"))
            }
            guard let cues = try LocalJobExecutor.captionCues(settings.selectorName, job: job, input: file) else {
                throw MediaError(.io, "the caption sidecar \(source) was not found (looked at the path and beside the input); check FileSourceSettings.SourceFile", path: source)
            }
            let script = BurninScript(settings: settings, width: output.width ?? 1280, height: output.height ?? 720).script(cues)
            let path = (folder as NSString).appendingPathComponent("\(options.renditions[index].name).ass")
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data(script.utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                throw MediaError(.io, "cannot write the burn-in script \(path): \(error.localizedDescription)", path: path)
            }
            options.renditions[index].captions = CaptionBurnin(scriptPath: path)
        }
    }
}

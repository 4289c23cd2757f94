import Foundation
public import MediaWorkerCaptions
public import MediaWorkerJobs
public import MediaWorkerMedia

/// A shorts job read from its template, ready to run on a local file: the parameters of the
/// `MediaWorkerShorts` member, the loudness target and the watermark of the template's first
/// output. The `shorts` command and the worker both run shorts through this.
public struct ShortsJob: Sendable {
    public var parameters: ShortsParameters
    /// The first output's `AudioNormalizationSettings.TargetLkfs`; `nil` with `MEASURE_ONLY`.
    public var targetLoudness: Double?
    /// The first output's first `ImageInserter` image (a local path by now), if any.
    public var watermark: ImageOverlay?

    public init(parameters: ShortsParameters = ShortsParameters(), targetLoudness: Double? = -14, watermark: ImageOverlay? = nil) {
        self.parameters = parameters
        self.targetLoudness = targetLoudness
        self.watermark = watermark
    }

    /// Whether `template` asks for shorts (it has a `MediaWorkerShorts` member).
    public static func isShortsTemplate(_ template: JobTemplate) -> Bool {
        template.extensions.contains { $0.key == ShortsParameters.templateMember }
    }

    /// The job `template` describes. An `ImageInserterInput` still naming a remote URI (the
    /// worker fetches S3 side inputs into the job folder first) is refused with what to do,
    /// unless `watermark` gives a local file for it (placed as the template's image is).
    public init(template: JobTemplate, watermark override: String? = nil) throws(ShortsError) {
        let output = template.outputGroups.first?.outputs.first
        let normalization = template.settings["OutputGroups"]?.elements?.first?["Outputs"]?.elements?.first?["AudioDescriptions"]?.elements?.first?["AudioNormalizationSettings"]
        let target = normalization.flatMap { $0["AlgorithmControl"]?.stringValue == "MEASURE_ONLY" ? nil : ($0["TargetLkfs"]?.doubleValue ?? -24) }
        var image = output?.video?.images.first
        if let override {
            image = image ?? ImageOverlay(path: override, x: 60, y: 120, opacity: 70)
            image?.path = override
        } else if let path = image?.path {
            if path.hasPrefix("file://") {
                image?.path = String(path.dropFirst(7))
            } else if path.contains("://") {
                throw ShortsError(
                    .invalidParameters,
                    "\(template.name): the watermark \(path) is neither a local file nor in S3; the worker and the shorts command download s3:// images before a job runs: name a local file or an s3:// URI (or give the shorts command --watermark FILE)")
            }
        }
        self.init(parameters: try ShortsParameters(template: template), targetLoudness: normalization == nil ? -14 : target, watermark: image)
    }

    /// The renderer for this job's shorts.
    public var renderer: ShortsRenderer {
        var renderer = ShortsRenderer(parameters: parameters, watermark: watermark?.path, targetLoudness: targetLoudness)
        if let watermark {
            renderer.watermarkX = watermark.x
            renderer.watermarkY = watermark.y
            renderer.watermarkOpacity = Double(watermark.opacity) / 100
        }
        return renderer
    }

    /// Analyses `file`, writes the analysis artifacts under `outputRoot/analysis`, renders
    /// the chosen moments under `outputRoot/base` (`shorts/<path>/<name>`) and writes the
    /// shorts manifest `<base>_shorts.json`. Blocking.
    public func run(
        file: String, cues: [CaptionCue], outputRoot: String, analysis: String, base: String, limits: MediaLimits = MediaLimits(),
        cancellation: MediaCancellation? = nil, progress: (@Sendable (_ step: String, _ fraction: Double) -> Void)? = nil
    ) throws -> ShortsJobResult {
        let plan = try ShortsPlanner.plan(
            .file(file), cues: cues, parameters: parameters, limits: limits, cancellation: cancellation, progress: { progress?("analysis", $0) })
        let directory = (outputRoot as NSString).appendingPathComponent(analysis)
        try ShortsPlanner.write(plan, to: directory)
        progress?("render", 0)
        let outputs = try renderer.render(plan, source: file, cues: cues, outputDirectory: outputRoot, base: base, cancellation: cancellation)
        let manifest = base + "_shorts.json"
        try ShortsArtifacts.writeManifest(outputs, to: (outputRoot as NSString).appendingPathComponent(manifest))
        return ShortsJobResult(plan: plan, outputs: outputs, manifest: manifest, artifacts: ShortsArtifacts.names.map { (analysis as NSString).appendingPathComponent($0) })
    }
}

/// What ``ShortsJob/run(file:cues:outputRoot:analysis:base:limits:cancellation:progress:)`` made.
public struct ShortsJobResult: Sendable {
    public var plan: ShortsPlan
    public var outputs: [ShortOutput]
    /// The shorts manifest, relative to the output root.
    public var manifest: String
    /// The analysis artifacts, relative to the output root.
    public var artifacts: [String]
}

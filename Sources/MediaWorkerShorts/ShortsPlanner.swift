import Foundation
public import MediaWorkerCaptions
public import MediaWorkerMedia

/// The shorts of one programme before rendering: what the analysis measured, the moments
/// chosen and the camera's path.
public struct ShortsPlan: Sendable {
    public var measurements: ProgrammeMeasurements
    public var selection: MomentSelection
    public var path: CropPath
}

/// Runs the stages that decide the shorts, and keeps each stage's result (``ShortsArtifacts``).
public enum ShortsPlanner {
    /// Analyses `source` (one decoding pass), finds the moments and solves the camera.
    public static func plan(
        _ source: MediaSource, cues: [CaptionCue], parameters: ShortsParameters, analysis: AnalysisOptions = AnalysisOptions(),
        limits: MediaLimits = MediaLimits(), cancellation: MediaCancellation? = nil, progress: (@Sendable (Double) -> Void)? = nil
    ) throws -> ShortsPlan {
        let measured = try ProgrammeAnalyzer.analyse(source, options: analysis, limits: limits, cancellation: cancellation, progress: progress)
        let selection = try MomentFinder(parameters: parameters).find(in: SignalTimeline(measured, cues: cues))
        let path = CameraPathSolver(limits: parameters.camera).solve(
            CameraSample.samples(from: measured), sourceWidth: measured.width, sourceHeight: measured.height, rate: measured.rate)
        return ShortsPlan(measurements: measured, selection: selection, path: path)
    }

    /// Writes `signals.json`, `shots.json`, `candidates.json` and `camera.json` into `directory`.
    public static func write(_ plan: ShortsPlan, to directory: String) throws(ShortsError) {
        try ShortsArtifacts.write(plan.measurements, "signals.json", in: directory)
        try ShortsArtifacts.write(ShortsArtifacts.Shots(cuts: plan.measurements.shotCuts, shots: plan.path.shots), "shots.json", in: directory)
        try ShortsArtifacts.write(plan.selection, "candidates.json", in: directory)
        try ShortsArtifacts.write(plan.path, "camera.json", in: directory)
    }

    /// Ranks the kept candidates of `directory` again with `parameters`' weights, writes the
    /// new `candidates.json` and returns it; reads no video.
    public static func rescore(_ directory: String, parameters: ShortsParameters) throws(ShortsError) -> MomentSelection {
        if let problem = parameters.problems.first { throw ShortsError(.invalidParameters, problem) }
        let kept = try ShortsArtifacts.read(MomentSelection.self, "candidates.json", in: directory)
        let selection = MomentFinder(parameters: parameters).rescore(kept.candidates)
        try ShortsArtifacts.write(selection, "candidates.json", in: directory)
        return selection
    }

    /// The camera path kept in `directory`.
    public static func keptPath(_ directory: String) throws(ShortsError) -> CropPath {
        try ShortsArtifacts.read(CropPath.self, "camera.json", in: directory)
    }
}

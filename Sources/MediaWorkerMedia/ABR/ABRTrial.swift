import Foundation

/// Automated ABR's analysis: one fast trial encode of (part of) the source at every candidate
/// size, each at its rendition's QVBR quality level, in one decoding pass; the video bitrate
/// each needed is the source's complexity at that size (``ABRMeasurement``). Blocking.
public struct ABRTrial: Sendable {
    /// The sizes tried, by their shorter side, where the source is at least that large.
    public static let standardShortSides = [2160, 1440, 1080, 720, 540, 432, 360, 270]
    /// Sources up to this long are tried whole; longer ones by ``windowSeconds`` around their middle.
    public static let wholeSourceSeconds = 12.0
    public static let windowSeconds = 10

    public var settings: AutomatedABRSettings
    public var limits: MediaLimits

    public init(settings: AutomatedABRSettings, limits: MediaLimits = MediaLimits()) {
        self.settings = settings
        self.limits = limits
    }

    /// The candidate sizes' shorter sides for a source of `sourceShortSide` lines, largest
    /// first: the standard ones (or `ALLOWED_RENDITIONS`'), the forced ones, and the source's
    /// own size at the top; none above the source.
    public func candidateShortSides(sourceShortSide: Int) -> [Int] {
        var sides = settings.allowed.isEmpty ? Self.standardShortSides + [sourceShortSide] : settings.allowed.map(\.size.shortSide)
        sides += settings.forceInclude.map(\.shortSide)
        return Array(Set(sides.filter { $0 <= sourceShortSide && $0 >= 32 })).sorted(by: >)
    }

    /// Encodes `base` (the output's rendition: its filters and codec) at every candidate size
    /// into `folder` (removed afterwards) and measures each. `options` is the output's ladder
    /// (frame rate, deinterlacing, rotation, clip); without its own clip, a long source is
    /// tried on a window around its middle.
    public func measure(
        _ file: String, base: Rendition, options: LadderOptions, sourceWidth: Int, sourceHeight: Int, duration: Double, folder: String,
        cancellation: MediaCancellation? = nil
    ) throws -> [ABRMeasurement] {
        let geometry = DisplayGeometry(codedWidth: sourceWidth, codedHeight: sourceHeight)
        let sides = candidateShortSides(sourceShortSide: min(sourceWidth, sourceHeight))
        var trial = options
        trial.container = .mp4
        trial.loudness = nil
        if trial.clip == nil, duration > Self.wholeSourceSeconds {
            let start = max(0, Int(duration / 2) - Self.windowSeconds / 2)
            trial.clip = InputClip(startTimecode: Self.timecode(start), endTimecode: Self.timecode(start + Self.windowSeconds), timecodeSource: .zeroBased)
        }
        trial.renditions = sides.map { side in
            var rendition = base
            rendition.name = "trial-\(side)"
            rendition.shortSide = side
            rendition.encoding.rateControl = .quality(level: settings.qualityLevel(shortSide: side), maxBitrate: settings.maxBitrate * 4)
            rendition.encoding.bufferSize = nil
            return rendition
        }
        try? FileManager.default.removeItem(atPath: folder)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw MediaError(.io, "cannot create the trial folder \(folder): \(error.localizedDescription)", path: folder)
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outputs = try LadderTranscoder(options: trial, limits: limits).transcode(
            .file(file), outputPath: { (folder as NSString).appendingPathComponent("\($0.name).mp4") }, cancellation: cancellation)
        return try outputs.map { output in
            let metadata = try MediaProber(limits: limits).probe(.file(output.path), cancellation: cancellation)
            let side = min(output.width, output.height)
            let total = output.duration > 0 ? Double(output.bytes) * 8 / output.duration : 0
            let audio = metadata.audio.first?.bitRate.map(Double.init) ?? (output.hasAudio ? Double(base.audioBitrate) : 0)
            let video = metadata.primaryVideo?.bitRate.map(Double.init) ?? max(0, total - audio)
            let upright = geometry.scaledSize(shortSide: side)
            return ABRMeasurement(width: upright.width, height: upright.height, qualityLevel: settings.qualityLevel(shortSide: side), bitrate: Int(video))
        }
    }

    /// `HH:MM:SS:00` for whole seconds.
    static func timecode(_ seconds: Int) -> String {
        String(format: "%02d:%02d:%02d:00", seconds / 3600, seconds / 60 % 60, seconds % 60)
    }
}

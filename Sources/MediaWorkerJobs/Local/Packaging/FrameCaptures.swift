import Foundation
import MediaWorkerJSON
import MediaWorkerMedia

/// `FRAME_CAPTURE` outputs (`ContainerSettings.Container` RAW): JPEGs at
/// `FramerateNumerator`/`FramerateDenominator` captures per second from the start, at most
/// `MaxCaptures`, at the planned size, with `Quality` (1–100), named as MediaConvert names
/// them: `<base><NameModifier>.0000000.jpg`, `.0000001.jpg`, ... Locally they go under
/// `thumbnail/` (the planned `audiovideo/` folder's counterpart).
struct FrameCaptures {
    var numerator: Int
    var denominator: Int
    var maxCaptures: Int
    var quality: Int

    init(_ output: JSONValue) {
        let settings = output["VideoDescription"]?["CodecSettings"]?["FrameCaptureSettings"]
        numerator = max(1, settings?["FramerateNumerator"]?.intValue ?? 1)
        denominator = max(1, settings?["FramerateDenominator"]?.intValue ?? 1)
        maxCaptures = max(1, settings?["MaxCaptures"]?.intValue ?? 10)
        quality = min(100, max(1, settings?["Quality"]?.intValue ?? 80))
    }

    /// MediaConvert's 1–100 quality as mjpeg's quantizer 31–2.
    var quantizer: Int { Int((31 - Double(quality - 1) * 29 / 99).rounded()) }

    /// The capture times, in seconds from the start, within `duration`.
    func times(duration: Double) -> [Double] {
        let step = Double(denominator) / Double(numerator)
        return (0..<maxCaptures).map { Double($0) * step }.filter { $0 < duration }
    }

    /// `audiovideo/show/ep1_thumb.raw` → `thumbnail/show/ep1_thumb.0000003.jpg`.
    static func key(_ planned: PlannedOutput, index: Int) -> String {
        var stem = (planned.key as NSString).deletingPathExtension
        if stem.hasPrefix("audiovideo/") { stem = "thumbnail/" + stem.dropFirst("audiovideo/".count) }
        return stem + String(format: ".%07d.jpg", index)
    }

    /// Writes the captures of `file` under `outputRoot`. Blocking.
    func capture(_ planned: PlannedOutput, file: String, duration: Double, outputRoot: String, limits: MediaLimits, cancellation: MediaCancellation?) throws -> [LocalJobOutput] {
        var outputs: [LocalJobOutput] = []
        for (index, time) in times(duration: duration).enumerated() {
            let key = Self.key(planned, index: index)
            let path = (outputRoot as NSString).appendingPathComponent(key)
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            } catch {
                throw MediaError(.io, "cannot create the folder of \(path): \(error.localizedDescription)", path: path)
            }
            let options = ThumbnailOptions(atSeconds: time, maxWidth: planned.width ?? 1280, maxHeight: planned.height ?? 720, quality: quantizer)
            let result = try ThumbnailExtractor(options: options, limits: limits).extract(from: .file(file), to: path, cancellation: cancellation)
            outputs.append(LocalJobOutput(role: .thumbnail, path: key, bytes: Int64(result.bytes), width: result.width, height: result.height, time: result.time))
        }
        return outputs
    }
}

import Foundation

/// MediaConvert's `AudioNormalizationSettings` for the local engine: the source's loudness is
/// measured first (ITU-R BS.1770 with libavfilter's ebur128: integrated loudness, true peak,
/// range), then, with `correct`, one gain brings it to `targetLkfs` and a limiter keeps the
/// peaks under `truePeakLimit` (MediaConvert's CORRECT_AUDIO: gain plus true-peak limiter).
public struct LoudnessNormalization: Sendable, Equatable, Codable {
    /// Integrated loudness the output aims at (LKFS = LUFS), e.g. -23 or -24.
    public var targetLkfs: Double
    /// The highest true peak (dBTP) after correction; `nil` leaves peaks as the gain makes them.
    public var truePeakLimit: Double?
    /// `false`: MEASURE_ONLY (the values are recorded, the audio is not changed).
    public var correct: Bool

    public init(targetLkfs: Double, truePeakLimit: Double? = nil, correct: Bool = true) {
        self.targetLkfs = targetLkfs
        self.truePeakLimit = truePeakLimit
        self.correct = correct
    }

    /// The audio filters that correct a source measured as `measurement` (empty: none).
    /// The limiter's ceiling sits 0.5 dB under the limit: it limits sample peaks, and peaks
    /// between samples rise a little above them.
    func correction(for measurement: LoudnessMeasurement, extraGain: Double = 0) -> String {
        guard correct, measurement.integrated.isFinite else { return "" }
        let gain = targetLkfs - measurement.integrated + extraGain
        var filters = [String(format: "volume=%.2fdB", gain)]
        if let limit = truePeakLimit, measurement.truePeak + gain > limit - 0.5 {
            let ceiling = min(1, max(0.0625, pow(10, (limit - 0.5) / 20)))
            filters.append(String(format: "alimiter=limit=%.5f:level=0:attack=1:release=50", ceiling))
        }
        return filters.joined(separator: ",")
    }

    /// Whether the correction limits peaks (which lowers the loudness the gain aimed at).
    func limits(_ measurement: LoudnessMeasurement) -> Bool { correction(for: measurement).contains("alimiter") }
}

/// What ebur128 measured on a source, and the gain applied.
public struct LoudnessMeasurement: Sendable, Equatable, Codable {
    /// Integrated loudness, LUFS.
    public var integrated: Double
    /// The highest true peak over the channels, dBTP.
    public var truePeak: Double
    /// Loudness range, LU.
    public var range: Double
    /// The gain the correction applied, dB (0 when measuring only).
    public var gain: Double = 0

    public init(integrated: Double, truePeak: Double, range: Double, gain: Double = 0) {
        self.integrated = integrated
        self.truePeak = truePeak
        self.range = range
        self.gain = gain
    }
}

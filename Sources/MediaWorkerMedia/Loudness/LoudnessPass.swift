import Foundation

/// The measuring pass before an encode that normalizes loudness (`AudioNormalizationSettings`):
/// the source's audio is measured; with CORRECT_AUDIO the correction filter is made, and when
/// its limiter holds peaks down the corrected audio is measured once more and the lost loudness
/// made up. The ladder and the audio-only transcoder both run it.
enum LoudnessPass {
    /// The measurement (with the gain applied) and the filter the encode's audio goes through
    /// (`nil` for MEASURE_ONLY, or a source without that audio track).
    static func run(
        _ loudness: LoudnessNormalization, source: MediaSource, limits: MediaLimits, clip: InputClip?, track: Int?, cancellation: MediaCancellation?
    ) throws -> (measurement: LoudnessMeasurement?, filter: String?) {
        guard var measurement = try LoudnessMeter.measure(source, limits: limits, clip: clip, track: track, cancellation: cancellation) else { return (nil, nil) }
        guard loudness.correct else { return (measurement, nil) }
        let measured = measurement
        var extra = 0.0
        // Limited peaks take loudness with them: measure the corrected audio once and make up
        // the difference (the limiter still holds the peaks).
        if loudness.limits(measured),
            let corrected = try LoudnessMeter.measure(
                source, limits: limits, clip: clip, correction: loudness.correction(for: measured), track: track, cancellation: cancellation),
            corrected.integrated.isFinite
        {
            extra = loudness.targetLkfs - corrected.integrated
        }
        measurement.gain = loudness.targetLkfs - measured.integrated + extra
        return (measurement, loudness.correction(for: measured, extraGain: extra))
    }
}

import MediaWorkerJSON
import MediaWorkerMedia

/// Reading `AudioNormalizationSettings`: MediaConvert's defaults are CORRECT_AUDIO, a target of
/// -24 LKFS and a true-peak limit of 0 dBTP. Every `Algorithm` is measured with ebur128
/// (BS.1770-4's gating, which BS.1770-2 and -3 share).
extension JobTemplate {
    static func readNormalization(_ entry: JSONValue, path: String, _ reader: inout TemplateReader) -> LoudnessNormalization? {
        guard let settings = reader.object(entry, "AudioNormalizationSettings", at: path) else { return nil }
        let at = path + ".AudioNormalizationSettings"
        let control = reader.string(settings, "AlgorithmControl", at: at, allowed: ["CORRECT_AUDIO", "MEASURE_ONLY"])
        let target = reader.number(settings, "TargetLkfs", at: at, range: -59...0) ?? -24
        let limit = reader.number(settings, "TruePeakLimiterThreshold", at: at, range: -8...0) ?? 0
        _ = reader.string(settings, "Algorithm", at: at, allowed: ["ITU_BS_1770_1", "ITU_BS_1770_2", "ITU_BS_1770_3", "ITU_BS_1770_4"])
        return LoudnessNormalization(targetLkfs: target, truePeakLimit: limit, correct: control != "MEASURE_ONLY")
    }

    /// `Mp3Settings`, `Ac3Settings`, `WavSettings`: bitrate, sample rate, channels, bit depth.
    static func readOtherAudio(_ settings: JSONValue, member: String, path: String, into audio: inout TemplateAudio, _ reader: inout TemplateReader) {
        guard let values = reader.object(settings, member, at: path) else { return }
        let at = path + "." + member
        audio.bitrate = reader.integer(values, "Bitrate", at: at, range: 16000...640_000)
        audio.sampleRate = reader.integer(values, "SampleRate", at: at, range: 8000...192_000)
        audio.channels = reader.integer(values, "Channels", at: at, range: 1...64)
        audio.bitDepth = reader.integer(values, "BitDepth", at: at, range: 16...24)
        audio.codingMode = reader.string(values, "CodingMode", at: at)
    }
}

import MediaWorkerJSON
import MediaWorkerMedia

/// Reading the encoder tuning members of `H264Settings` and `H265Settings`.
extension JobTemplate {
    static func readTuning(_ settings: JSONValue, codec: String, path: String, into video: inout TemplateVideo, _ reader: inout TemplateReader) {
        func flag(_ key: String) -> Bool? {
            reader.string(settings, key, at: path, allowed: ["ENABLED", "DISABLED"]).map { $0 == "ENABLED" }
        }
        var tuning = EncoderTuning()
        tuning.bFrames = reader.integer(settings, "NumberBFramesBetweenReferenceFrames", at: path, range: 0...7)
        tuning.referenceFrames = reader.integer(settings, "NumberReferenceFrames", at: path, range: 1...6)
        tuning.bPyramid = flag("GopBReference")
        tuning.slices = reader.integer(settings, "Slices", at: path, range: 1...32)
        if let level = reader.string(settings, "AdaptiveQuantization", at: path, allowed: ["OFF", "AUTO", "LOW", "MEDIUM", "HIGH", "HIGHER", "MAX"]) {
            tuning.aqStrength = EncoderTuning.aqStrengths[level]
        }
        tuning.spatialAQ = flag("SpatialAdaptiveQuantization")
        tuning.temporalAQ = flag("TemporalAdaptiveQuantization")
        video.sceneChangeDetect = reader.string(settings, "SceneChangeDetect", at: path, allowed: ["DISABLED", "ENABLED", "TRANSITION_DETECTION"])
        tuning.sceneCut = video.sceneChangeDetect.map { $0 != "DISABLED" }
        if codec == "H_264" {
            tuning.cabac = reader.string(settings, "EntropyEncoding", at: path, allowed: ["CABAC", "CAVLC"]).map { $0 == "CABAC" }
        }
        video.gopClosedCadence = reader.integer(settings, "GopClosedCadence", at: path, range: 0...Int(Int32.max))
        tuning.closedGOP = video.gopClosedCadence.map { $0 == 1 }
        tuning.adaptiveBFrames = reader.string(settings, "DynamicSubGop", at: path, allowed: ["ADAPTIVE", "STATIC"]).map { $0 == "ADAPTIVE" }
        video.qualityTuningLevel = reader.string(settings, "QualityTuningLevel", at: path, allowed: ["SINGLE_PASS", "SINGLE_PASS_HQ", "MULTI_PASS_HQ"])
        video.parControl = reader.string(settings, "ParControl", at: path, allowed: ["INITIALIZE_FROM_SOURCE", "SPECIFIED"])
        video.parNumerator = reader.integer(settings, "ParNumerator", at: path, range: 1...2_147_483_647)
        video.parDenominator = reader.integer(settings, "ParDenominator", at: path, range: 1...2_147_483_647)
        video.tuning = tuning
    }
}

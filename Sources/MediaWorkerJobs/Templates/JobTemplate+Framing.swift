import MediaWorkerMedia
import MediaWorkerJSON

/// Reading an output's framing (`ScalingBehavior`, `Crop`, `Position`, `AntiAlias`,
/// `Sharpness`) and the H.265, AV1 and VP9 codec settings.
extension JobTemplate {
    static func readFraming(_ description: JSONValue, path: String, into video: inout TemplateVideo, _ reader: inout TemplateReader) {
        video.scalingBehavior = reader.string(description, "ScalingBehavior", at: path, allowed: TemplateEnums.scalingBehaviors)
        video.antiAlias = reader.string(description, "AntiAlias", at: path, allowed: ["ENABLED", "DISABLED"])
        video.sharpness = reader.integer(description, "Sharpness", at: path, range: 0...100)
        video.crop = readRect(description, "Crop", at: path, &reader)
        video.position = readRect(description, "Position", at: path, &reader)
        let preprocessors = reader.object(description, "VideoPreprocessors", at: path)
        if let preprocessors, let burnin = reader.object(preprocessors, "TimecodeBurnin", at: path + ".VideoPreprocessors") {
            let at = path + ".VideoPreprocessors.TimecodeBurnin"
            video.timecodeBurnin = TimecodeBurnin(
                fontSize: reader.integer(burnin, "FontSize", at: at, range: 10...48) ?? 32,
                position: reader.string(burnin, "Position", at: at) ?? "TOP_CENTER", prefix: reader.string(burnin, "Prefix", at: at))
            video.timecodeBurnin?.dropFrame = reader.string(description, "DropFrameTimecode", at: path, allowed: ["DISABLED", "ENABLED"]) != "DISABLED"
        }
        if let preprocessors { video.images = readImageInserter(preprocessors, at: path + ".VideoPreprocessors", &reader) }
        if let preprocessors, let reducer = reader.object(preprocessors, "NoiseReducer", at: path + ".VideoPreprocessors") {
            video.noiseReduction = readNoiseReducer(reducer, at: path + ".VideoPreprocessors.NoiseReducer", &reader)
        }
        if let preprocessors, let corrector = reader.object(preprocessors, "ColorCorrector", at: path + ".VideoPreprocessors") {
            video.colorCorrection = readColorCorrector(corrector, at: path + ".VideoPreprocessors.ColorCorrector", &reader)
        }
        if let preprocessors, let deinterlacer = reader.object(preprocessors, "Deinterlacer", at: path + ".VideoPreprocessors") {
            let at = path + ".VideoPreprocessors.Deinterlacer"
            let mode = reader.string(deinterlacer, "Mode", at: at, allowed: ["DEINTERLACE", "INVERSE_TELECINE", "ADAPTIVE"])
            let algorithm = reader.string(deinterlacer, "Algorithm", at: at, allowed: ["INTERPOLATE", "INTERPOLATE_TICKER", "BLEND", "BLEND_TICKER", "LINEAR_INTERPOLATION"])
            let control = reader.string(deinterlacer, "Control", at: at, allowed: ["FORCE_ALL_FRAMES", "NORMAL"])
            video.deinterlacing = Deinterlacing(
                mode: mode.flatMap(Deinterlacing.Mode.init(rawValue:)) ?? .deinterlace, blend: algorithm?.hasPrefix("BLEND") == true,
                forceAllFrames: control == "FORCE_ALL_FRAMES")
        }
    }

    /// `ColorSpaceConversion` (the conversions the local engine makes; the others are read as
    /// written and warned about), `HdrToSdrToneMapper`, `SdrReferenceWhiteLevel`, `Brightness`,
    /// `Contrast`, `Saturation`, `Hue`, with MediaConvert's ranges and defaults.
    private static func readColorCorrector(_ corrector: JSONValue, at path: String, _ reader: inout TemplateReader) -> ColorCorrection {
        let conversion = reader.string(corrector, "ColorSpaceConversion", at: path, allowed: TemplateEnums.colorSpaceConversions)
        let mapper = reader.string(corrector, "HdrToSdrToneMapper", at: path, allowed: ColorCorrection.ToneMapper.allCases.map(\.rawValue))
        return ColorCorrection(
            conversion: conversion.flatMap(ColorCorrection.Conversion.init(rawValue:)) ?? .none,
            toneMapper: mapper.flatMap(ColorCorrection.ToneMapper.init(rawValue:)) ?? .preserveDetails,
            sdrReferenceWhiteLevel: reader.integer(corrector, "SdrReferenceWhiteLevel", at: path, range: 100...1000) ?? 100,
            brightness: reader.integer(corrector, "Brightness", at: path, range: 1...100) ?? 50,
            contrast: reader.integer(corrector, "Contrast", at: path, range: 1...100) ?? 50,
            saturation: reader.integer(corrector, "Saturation", at: path, range: 1...100) ?? 50,
            hue: reader.integer(corrector, "Hue", at: path, range: -180...180) ?? 0)
    }

    /// `Filter` with its `FilterSettings`, `SpatialFilterSettings` or `TemporalFilterSettings`.
    private static func readNoiseReducer(_ reducer: JSONValue, at path: String, _ reader: inout TemplateReader) -> NoiseReduction? {
        let kind = reader.string(reducer, "Filter", at: path, allowed: NoiseReduction.Kind.allCases.map(\.rawValue)).flatMap(NoiseReduction.Kind.init(rawValue:))
        var strength = 0
        var sharpen = 0
        if let settings = reader.object(reducer, "FilterSettings", at: path) {
            let value = reader.integer(settings, "Strength", at: path + ".FilterSettings", range: 0...3)
            if kind != .spatial && kind != .temporal { strength = value ?? 0 }
        }
        if let settings = reader.object(reducer, "SpatialFilterSettings", at: path) {
            let value = reader.integer(settings, "Strength", at: path + ".SpatialFilterSettings", range: 0...16)
            let post = reader.integer(settings, "PostFilterSharpenStrength", at: path + ".SpatialFilterSettings", range: 0...3)
            _ = reader.integer(settings, "Speed", at: path + ".SpatialFilterSettings", range: -2...3)
            if kind == .spatial {
                strength = value ?? 0
                sharpen = post ?? 0
            }
        }
        if let settings = reader.object(reducer, "TemporalFilterSettings", at: path) {
            let value = reader.integer(settings, "Strength", at: path + ".TemporalFilterSettings", range: 0...16)
            if kind == .temporal { strength = value ?? 0 }
        }
        return kind.map { NoiseReduction(kind: $0, strength: strength, postSharpenStrength: sharpen) }
    }

    private static func readRect(_ description: JSONValue, _ member: String, at path: String, _ reader: inout TemplateReader) -> OutputFrame.Rect? {
        guard let rect = reader.object(description, member, at: path) else { return nil }
        let rectPath = path + "." + member
        let x = reader.integer(rect, "X", at: rectPath, range: 0...2_147_483_647) ?? 0
        let y = reader.integer(rect, "Y", at: rectPath, range: 0...2_147_483_647) ?? 0
        guard let width = reader.integer(rect, "Width", at: rectPath, range: 2...2_147_483_647),
            let height = reader.integer(rect, "Height", at: rectPath, range: 2...2_147_483_647)
        else { return nil }
        return OutputFrame.Rect(x: x, y: y, width: width, height: height)
    }

    /// `H264Settings`, `H265Settings`, `Av1Settings`, `Vp9Settings`: rate control, GOP,
    /// frame rate, QVBR, and each codec's profile, level or bit depth.
    static func readCodecSettings(_ settings: JSONValue, codec: String, path: String, into video: inout TemplateVideo, _ reader: inout TemplateReader) {
        video.rateControlMode = reader.string(settings, "RateControlMode", at: path, allowed: TemplateEnums.rateControlModes)
        video.bitrate = reader.integer(settings, "Bitrate", at: path, range: TemplateEnums.bitrateRange)
        video.maxBitrate = reader.integer(settings, "MaxBitrate", at: path, range: TemplateEnums.bitrateRange)
        video.hrdBufferSize = reader.integer(settings, "HrdBufferSize", at: path, range: 0...1_152_000_000)
        video.gopSize = reader.number(settings, "GopSize", at: path, range: 0...Double(Int32.max))
        video.gopSizeUnits = reader.string(settings, "GopSizeUnits", at: path, allowed: TemplateEnums.gopSizeUnits)
        video.framerateControl = reader.string(settings, "FramerateControl", at: path, allowed: TemplateEnums.framerateControls)
        video.framerateNumerator = reader.integer(settings, "FramerateNumerator", at: path, range: 1...2_147_483_647)
        video.framerateDenominator = reader.integer(settings, "FramerateDenominator", at: path, range: 1...2_147_483_647)
        if codec == "H_264" {
            video.codecProfile = reader.string(settings, "CodecProfile", at: path, allowed: TemplateEnums.profiles)
            video.codecLevel = reader.string(settings, "CodecLevel", at: path, allowed: TemplateEnums.levels)
        }
        if codec == "H_265" {
            video.codecProfile = reader.string(settings, "CodecProfile", at: path, allowed: TemplateEnums.h265Profiles)
            video.codecLevel = reader.string(settings, "CodecLevel", at: path, allowed: TemplateEnums.h265Levels)
        }
        if codec == "AV1", let depth = reader.string(settings, "BitDepth", at: path, allowed: ["BIT_8", "BIT_10"]) {
            video.bitDepth = depth == "BIT_10" ? 10 : 8
        }
        if codec == "H_264" || codec == "H_265" { readTuning(settings, codec: codec, path: path, into: &video, &reader) }
        if let qvbr = reader.object(settings, "QvbrSettings", at: path) {
            video.qvbrQualityLevel = reader.integer(qvbr, "QvbrQualityLevel", at: path + ".QvbrSettings", range: 1...10)
            video.qvbrQualityLevelFineTune = reader.number(qvbr, "QvbrQualityLevelFineTune", at: path + ".QvbrSettings", range: 0...1)
        }
    }

    /// The first output frame's timecode for a burn-in: `TimecodeConfig.Start` with
    /// SPECIFIEDSTART, else 00:00:00:00 (ZEROBASED; EMBEDDED is warned and burned zero-based).
    public var burninStartTimecode: String {
        guard settings["TimecodeConfig"]?["Source"]?.stringValue == "SPECIFIEDSTART", let start = settings["TimecodeConfig"]?["Start"]?.stringValue else {
            return "00:00:00:00"
        }
        return start
    }
}

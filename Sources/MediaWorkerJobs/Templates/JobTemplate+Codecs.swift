import MediaWorkerJSON

/// Reading an output's video and audio codec settings.
extension JobTemplate {
    static func readVideo(_ description: JSONValue, path: String, automated: Bool, _ reader: inout TemplateReader) -> TemplateVideo? {
        let width = reader.integer(description, "Width", at: path, range: 32...8192)
        let height = reader.integer(description, "Height", at: path, range: 32...8192)
        guard let codecSettings = reader.object(description, "CodecSettings", at: path, required: true) else { return nil }
        let codecPath = path + ".CodecSettings"
        guard let codec = reader.string(codecSettings, "Codec", at: codecPath, required: true, allowed: TemplateEnums.videoCodecs) else { return nil }
        var video = TemplateVideo(width: width, height: height, codec: codec)
        readFraming(description, path: path, into: &video, &reader)
        if automated { checkAutomatedABR(codecSettings, codec: codec, path: codecPath, &reader) }
        guard let member = TemplateEnums.videoSettingsMembers[codec] else { return video }
        guard let h264 = reader.object(codecSettings, member, at: codecPath, required: codec == "H_264") else { return video }
        let h264Path = codecPath + "." + member
        readCodecSettings(h264, codec: codec, path: h264Path, into: &video, &reader)
        guard codec == "H_264" else { return video }
        switch video.rateControlMode {
        case "QVBR":
            // With automated ABR, MediaConvert sets each rendition's bitrate (AbrSettings' limits).
            if !automated, video.maxBitrate == nil, h264["MaxBitrate"] == nil {
                reader.error(h264Path + ".MaxBitrate", "missing; QVBR needs MaxBitrate (outside an automated ABR group)")
            }
            if video.bitrate != nil { reader.error(h264Path + ".Bitrate", "not allowed with QVBR; use MaxBitrate and QvbrSettings.QvbrQualityLevel") }
        case "CBR", "VBR":
            if video.bitrate == nil, h264["Bitrate"] == nil { reader.error(h264Path + ".Bitrate", "missing; \(video.rateControlMode!) needs Bitrate") }
            if video.rateControlMode == "VBR", let bitrate = video.bitrate, let max = video.maxBitrate, max < bitrate {
                reader.error(h264Path + ".MaxBitrate", "\(max) is below Bitrate \(bitrate)")
            }
        default: break
        }
        if video.gopSizeUnits != nil, video.gopSizeUnits != "AUTO", video.gopSize == nil, h264["GopSize"] == nil {
            reader.error(h264Path + ".GopSize", "missing; GopSizeUnits \(video.gopSizeUnits!) needs GopSize")
        }
        if video.framerateControl == "SPECIFIED", video.framerateNumerator == nil || video.framerateDenominator == nil,
            h264["FramerateNumerator"] == nil || h264["FramerateDenominator"] == nil
        {
            reader.error(h264Path + ".FramerateControl", "SPECIFIED needs FramerateNumerator and FramerateDenominator")
        }
        return video
    }

    static func readAudio(_ entry: JSONValue, path: String, _ reader: inout TemplateReader) -> TemplateAudio? {
        guard let settings = reader.object(entry, "CodecSettings", at: path, required: true) else { return nil }
        let codecPath = path + ".CodecSettings"
        guard let codec = reader.string(settings, "Codec", at: codecPath, required: true, allowed: TemplateEnums.audioCodecs) else { return nil }
        var audio = TemplateAudio(codec: codec)
        audio.normalization = readNormalization(entry, path: path, &reader)
        audio.languageCode = reader.string(entry, "LanguageCode", at: path) ?? reader.string(entry, "CustomLanguageCode", at: path)
        audio.languageCodeControl = reader.string(entry, "LanguageCodeControl", at: path, allowed: ["FOLLOW_INPUT", "USE_CONFIGURED"])
        if let member = ["MP3": "Mp3Settings", "AC3": "Ac3Settings", "WAV": "WavSettings"][codec] {
            readOtherAudio(settings, member: member, path: codecPath, into: &audio, &reader)
            return audio
        }
        guard codec == "AAC", let aac = reader.object(settings, "AacSettings", at: codecPath, required: true) else { return audio }
        let aacPath = codecPath + ".AacSettings"
        audio.bitrate = reader.integer(aac, "Bitrate", at: aacPath, range: 6000...1_024_000)
        audio.sampleRate = reader.integer(aac, "SampleRate", at: aacPath, range: 8000...96000)
        audio.codingMode = reader.string(aac, "CodingMode", at: aacPath, allowed: TemplateEnums.codingModes)
        return audio
    }

    /// MediaConvert's rules for the video of an automated ABR group ("Job settings restrictions
    /// for automated ABR"): H.264 or H.265, `RateControlMode` QVBR and `QualityTuningLevel`
    /// MULTI_PASS_HQ (the console sets both; a JSON job must).
    private static func checkAutomatedABR(_ codecSettings: JSONValue, codec: String, path: String, _ reader: inout TemplateReader) {
        let member = ["H_264": "H264Settings", "H_265": "H265Settings"][codec]
        guard let member else {
            reader.error(path + ".Codec", "automated ABR (AutomatedEncodingSettings) encodes H_264 or H_265, not \(codec)")
            return
        }
        guard let settings = codecSettings[member], settings.members != nil else { return }
        let settingsPath = path + "." + member
        for (key, needed) in [("RateControlMode", "QVBR"), ("QualityTuningLevel", "MULTI_PASS_HQ")] {
            let value = settings[key]?.stringValue
            guard value != needed else { continue }
            let shown = value.map { "\"\($0)\"" } ?? "missing"
            reader.error(settingsPath + "." + key, "\(shown); automated ABR (AutomatedEncodingSettings) needs \(needed)")
        }
    }
}

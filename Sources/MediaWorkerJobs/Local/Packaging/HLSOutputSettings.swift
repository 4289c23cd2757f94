import MediaWorkerJSON

/// One HLS output's packaging members: `OutputSettings.HlsSettings`, its container and,
/// for a captions output, its `CaptionDescriptions`.
struct HLSOutputSettings: Sendable {
    enum AudioTrack: String, Sendable {
        case alternateAutoSelectDefault = "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT"
        case alternateAutoSelect = "ALTERNATE_AUDIO_AUTO_SELECT"
        case alternateNotAutoSelect = "ALTERNATE_AUDIO_NOT_AUTO_SELECT"
        case audioOnlyVariant = "AUDIO_ONLY_VARIANT_STREAM"
    }

    struct Captions: Sendable {
        var selector: String?
        var languageCode: String?
        var description: String?
    }

    /// fMP4 (`ContainerSettings.Container` CMFC) instead of TS.
    var fragmentedMP4: Bool
    var audioGroupID: String
    var audioTrackType: AudioTrack?
    /// `AudioRenditionSets`: the audio groups a video variant plays with (its own audio is left out).
    var audioRenditionSets: [String]
    var audioName: String?
    var audioLanguage: String?
    var captions: Captions?
    /// `IFrameOnlyManifest` INCLUDE: an I-frame-only playlist beside the variant's (TS only).
    var iFrameOnly: Bool
    /// `AudioOnlyContainer` M2TS: an audio-only output in TS segments; AUTOMATIC (the default):
    /// packed audio (`.aac`), as MediaConvert's raw container.
    var audioOnlyTransportStream: Bool
    /// `ContainerSettings.M3u8Settings` as the TS muxer's options (``transportStreamOptions(_:video:)``).
    var transportStream: [String: String]

    /// `language`: the planned track language (``PlannedOutput/audioLanguage``), over the template's code.
    init(_ output: JSONValue, language: String? = nil) {
        fragmentedMP4 = output["ContainerSettings"]?["Container"]?.stringValue == "CMFC"
        let hls = output["OutputSettings"]?["HlsSettings"]
        iFrameOnly = hls?["IFrameOnlyManifest"]?.stringValue == "INCLUDE"
        audioOnlyTransportStream = hls?["AudioOnlyContainer"]?.stringValue == "M2TS"
        audioGroupID = hls?["AudioGroupId"]?.stringValue ?? "program_audio"
        audioTrackType = hls?["AudioTrackType"]?.stringValue.flatMap(AudioTrack.init(rawValue:))
        audioRenditionSets = (hls?["AudioRenditionSets"]?.stringValue ?? "").split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        let audio = output["AudioDescriptions"]?.elements?.first
        audioName = audio?["StreamName"]?.stringValue
        audioLanguage = language ?? audio?["LanguageCode"]?.stringValue ?? audio?["CustomLanguageCode"]?.stringValue
        transportStream = Self.transportStreamOptions(output["ContainerSettings"]?["M3u8Settings"], video: output["VideoDescription"] != nil)
        if let caption = output["CaptionDescriptions"]?.elements?.first {
            captions = Captions(
                selector: caption["CaptionSelectorName"]?.stringValue,
                languageCode: caption["LanguageCode"]?.stringValue ?? caption["CustomLanguageCode"]?.stringValue,
                description: caption["LanguageDescription"]?.stringValue)
        }
    }
}

extension HLSOutputSettings {
    /// `M3u8Settings` on FFmpeg's TS muxer, with MediaConvert's defaults for what it leaves out
    /// (PMT 480, video 481, audio 482, program 1, PAT interval 0): `PmtPid` →
    /// `mpegts_pmt_start_pid`; the first elementary stream's PID (`VideoPid`, or an audio-only
    /// output's first `AudioPids`) → `mpegts_start_pid`, the streams after it numbered on from
    /// there; `ProgramNumber` → `mpegts_service_id`; `PatInterval` (ms; 0: once, at each
    /// segment's start, where the hls muxer always writes PAT and PMT) → `pat_period`;
    /// `TransportStreamId` → `mpegts_transport_stream_id`; `PcrControl` PCR_EVERY_PES_PACKET →
    /// `pcr_period` 1 ms (the muxer writes a PCR only at a PES start, so every PES of the PCR
    /// stream gets one), CONFIGURED_PCR_PERIOD → `pcr_period` = `PcrPeriod` (ms; left out: the
    /// muxer's own, the largest frame multiple under 100 ms).
    static func transportStreamOptions(_ settings: JSONValue?, video: Bool) -> [String: String] {
        let settings = settings ?? .object([])
        let first = video ? settings["VideoPid"]?.intValue ?? 481 : settings["AudioPids"]?.elements?.first?.intValue ?? 482
        let interval = settings["PatInterval"]?.intValue ?? 0
        var options = [
            "mpegts_pmt_start_pid": String(settings["PmtPid"]?.intValue ?? 480), "mpegts_start_pid": String(first),
            "mpegts_service_id": String(settings["ProgramNumber"]?.intValue ?? 1),
            "pat_period": interval == 0 ? "86400" : String(Double(interval) / 1000),
        ]
        if let id = settings["TransportStreamId"]?.intValue { options["mpegts_transport_stream_id"] = String(id) }
        switch settings["PcrControl"]?.stringValue {
        case "PCR_EVERY_PES_PACKET": options["pcr_period"] = "1"
        case "CONFIGURED_PCR_PERIOD": if let period = settings["PcrPeriod"]?.intValue { options["pcr_period"] = String(max(1, period)) }
        default: break
        }
        return options
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

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

    init(_ output: JSONValue) {
        fragmentedMP4 = output["ContainerSettings"]?["Container"]?.stringValue == "CMFC"
        let hls = output["OutputSettings"]?["HlsSettings"]
        iFrameOnly = hls?["IFrameOnlyManifest"]?.stringValue == "INCLUDE"
        audioGroupID = hls?["AudioGroupId"]?.stringValue ?? "program_audio"
        audioTrackType = hls?["AudioTrackType"]?.stringValue.flatMap(AudioTrack.init(rawValue:))
        audioRenditionSets = (hls?["AudioRenditionSets"]?.stringValue ?? "").split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        let audio = output["AudioDescriptions"]?.elements?.first
        audioName = audio?["StreamName"]?.stringValue
        audioLanguage = audio?["LanguageCode"]?.stringValue ?? audio?["CustomLanguageCode"]?.stringValue
        if let caption = output["CaptionDescriptions"]?.elements?.first {
            captions = Captions(
                selector: caption["CaptionSelectorName"]?.stringValue,
                languageCode: caption["LanguageCode"]?.stringValue ?? caption["CustomLanguageCode"]?.stringValue,
                description: caption["LanguageDescription"]?.stringValue)
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

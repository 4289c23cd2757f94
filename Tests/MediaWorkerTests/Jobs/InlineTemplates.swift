import Foundation
import MediaWorkerJobs
import Testing

/// Small templates written in the tests, one JSON member per fragment, for the validation and
/// planning rules (the shipped templates and the corpus are tested elsewhere).
enum InlineTemplates {
    static let aac = #"{"AudioSourceName": "Audio Selector 1", "CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 96000, "CodingMode": "CODING_MODE_2_0", "SampleRate": 48000}}}"#
    static let webVTT = #"{"CaptionSelectorName": "Captions Selector 1", "LanguageCode": "ENG", "DestinationSettings": {"DestinationType": "WEBVTT"}}"#
    static let input = #"""
        {"FileInput": "{{INPUT_URL}}", "AudioSelectors": {"Audio Selector 1": {"DefaultSelection": "DEFAULT"}},
         "CaptionSelectors": {"Captions Selector 1": {"SourceSettings": {"SourceType": "WEBVTT", "FileSourceSettings": {"SourceFile": "s3://watch/captions/ep1.vtt"}}}}}
        """#

    /// `H264Settings` members: `"RateControlMode": "QVBR", ...`.
    static func video(_ h264: String, width: Int? = 1280, height: Int? = 720) -> String {
        let size = [width.map { "\"Width\": \($0)" }, height.map { "\"Height\": \($0)" }].compactMap { $0 }
        return #"{"# + (size + [#""CodecSettings": {"Codec": "H_264", "H264Settings": {\#(h264)}}"#]).joined(separator: ", ") + "}"
    }

    static let qvbr = #""RateControlMode": "QVBR", "MaxBitrate": 3000000, "QvbrSettings": {"QvbrQualityLevel": 7}"#
    static let automatedQVBR = #""RateControlMode": "QVBR", "QualityTuningLevel": "MULTI_PASS_HQ", "QvbrSettings": {"QvbrQualityLevel": 7}"#

    /// An output: its name modifier, container, and whichever descriptions are given.
    static func output(_ modifier: String, container: String = "MP4", video: String? = nil, audio: Bool = false, captions: Bool = false) -> String {
        var members = [#""NameModifier": "\#(modifier)""#, #""ContainerSettings": {"Container": "\#(container)"}"#]
        if let video { members.append(#""VideoDescription": \#(video)"#) }
        if audio { members.append(#""AudioDescriptions": [\#(aac)]"#) }
        if captions { members.append(#""CaptionDescriptions": [\#(webVTT)]"#) }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// An output group: `type` (`HLS_GROUP_SETTINGS`), its settings member's text (nil: left
    /// out), extra group members, outputs.
    static func group(_ type: String, _ settings: String?, extra: String = "", outputs: [String]) -> String {
        let member = ["HLS_GROUP_SETTINGS": "HlsGroupSettings", "FILE_GROUP_SETTINGS": "FileGroupSettings", "DASH_ISO_GROUP_SETTINGS": "DashIsoGroupSettings"][type]!
        let groupSettings = #""Type": "\#(type)""# + (settings.map { #", "\#(member)": \#($0)"# } ?? "")
        return "{\n\"Name\": \"\(type)\",\n\"OutputGroupSettings\": {\(groupSettings)},\n" + (extra.isEmpty ? "" : extra + ",\n")
            + "\"Outputs\": [\n" + outputs.joined(separator: ",\n") + "\n]}"
    }

    /// A `Settings` object (with the input unless `inputs` is false).
    static func settings(_ groups: [String], inputs: Bool = true) -> String {
        "{\n" + (inputs ? "\"Inputs\": [\(input)],\n" : "") + "\"OutputGroups\": [\n" + groups.joined(separator: ",\n") + "\n]\n}"
    }

    static func parse(_ text: String, name: String = "inline.json") throws -> JobTemplate {
        try JobTemplate.parse(Array(text.utf8), name: name)
    }

    /// The errors `text` is refused with (none when it is accepted).
    static func errors(_ text: String) -> [TemplateIssue] {
        do {
            _ = try JobTemplate.parse(Array(text.utf8), name: "inline.json")
            return []
        } catch {
            return error.issues
        }
    }

    static func plan(_ template: JobTemplate, source name: String = "720p") async throws -> PlannedJob {
        let metadata = try await PlanningSources.shared.metadata(name)
        let source = PlannerTests.source(name)
        return try JobPlanner(submission: PlannerTests.submission).plan(
            template: template, metadata: metadata, source: source,
            destination: JobDestination(bucket: "delivery", prefix: "audiovideo/show/", baseName: name))
    }
}

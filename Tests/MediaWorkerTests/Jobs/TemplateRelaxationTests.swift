import Foundation
import MediaWorkerJSON
import MediaWorkerJobs
import Testing

/// What MediaConvert accepts and media-worker refused before (issue 17): each rule, and what
/// is still refused, on small inline templates.
@Suite("Template validation as MediaConvert's: automated ABR, job templates, HLS defaults, captions-only outputs, camelCase")
struct TemplateRelaxationTests {
    typealias T = InlineTemplates

    static func automatedHLS(_ h264: String, extra: String = #""AutomatedEncodingSettings": {"AbrSettings": {"MaxRenditions": 6, "MaxAbrBitrate": 5000000, "MinAbrBitrate": 300000}}"#, type: String = "HLS_GROUP_SETTINGS") -> String {
        let settings = type == "FILE_GROUP_SETTINGS" ? #"{"Destination": "{{DESTINATION}}"}"# : #"{"Destination": "{{DESTINATION}}", "SegmentLength": 6}"#
        return T.settings([T.group(type, settings, extra: extra, outputs: [T.output("_abr", container: "M3U8", video: T.video(h264, width: nil, height: nil)), T.output("_audio", container: "M3U8", audio: true)])])
    }

    static func messages(_ text: String) -> [String] { T.errors(text).map(\.description) }

    @Test("QVBR without MaxBitrate: accepted in an automated ABR group, refused elsewhere")
    func automatedABR() throws {
        let template = try T.parse(Self.automatedHLS(T.automatedQVBR))
        #expect(template.outputGroups[0].automatedEncoding)
        #expect(template.outputGroups[0].outputs[0].video?.maxBitrate == nil)
        // The same output outside automated ABR: MediaConvert requires MaxBitrate with QVBR.
        let plain = Self.messages(Self.automatedHLS(T.automatedQVBR, extra: ""))
        #expect(plain.count == 1 && plain[0].contains("OutputGroups[0].Outputs[0].VideoDescription.CodecSettings.H264Settings.MaxBitrate: missing; QVBR needs MaxBitrate"), "\(plain)")
        #expect(T.errors(Self.automatedHLS(T.automatedQVBR, extra: "")).first?.line != nil)
    }

    @Test("automated ABR keeps MediaConvert's own restrictions", arguments: [
        // CBR in automated ABR: MediaConvert's restrictions say QVBR.
        (#""RateControlMode": "CBR", "Bitrate": 3000000, "QualityTuningLevel": "MULTI_PASS_HQ""#, nil as String?, "H264Settings.RateControlMode: \"CBR\"; automated ABR (AutomatedEncodingSettings) needs QVBR"),
        (#""RateControlMode": "QVBR", "QvbrSettings": {"QvbrQualityLevel": 7}"#, nil, "H264Settings.QualityTuningLevel: missing; automated ABR (AutomatedEncodingSettings) needs MULTI_PASS_HQ"),
        (#""RateControlMode": "QVBR", "Bitrate": 3000000, "QualityTuningLevel": "MULTI_PASS_HQ""#, nil, "H264Settings.Bitrate: not allowed with QVBR"),
        (T.automatedQVBR, #""AutomatedEncodingSettings": {"AbrSettings": {"MaxRenditions": 20}}"#, "AbrSettings.MaxRenditions: 20 is out of range 3...15"),
        (T.automatedQVBR, #""AutomatedEncodingSettings": {"AbrSettings": {"MaxAbrBitrate": 500000, "MinAbrBitrate": 900000}}"#, "AbrSettings.MinAbrBitrate: 900000 is above MaxAbrBitrate 500000"),
        (T.automatedQVBR, #""AutomatedEncodingSettings": []"#, "OutputGroups[0].AutomatedEncodingSettings: expected an object, got an array"),
    ])
    func automatedABRRefused(h264: String, extra: String?, expected: String) throws {
        let text = extra.map { Self.automatedHLS(h264, extra: $0) } ?? Self.automatedHLS(h264)
        let errors = Self.messages(text)
        #expect(errors.contains { $0.contains(expected) }, "\(errors)")
    }

    @Test("automated ABR only in a streaming group, only H.264 or H.265")
    func automatedABRGroupAndCodec() throws {
        let file = Self.messages(Self.automatedHLS(T.automatedQVBR, type: "FILE_GROUP_SETTINGS"))
        #expect(file.contains { $0.contains("OutputGroups[0].AutomatedEncodingSettings: automated ABR needs a streaming group") && $0.contains("not FILE_GROUP_SETTINGS") }, "\(file)")
        let vp9 = Self.automatedHLS(T.automatedQVBR).replacingOccurrences(of: #""Codec": "H_264", "H264Settings""#, with: #""Codec": "VP9", "Vp9Settings""#)
        #expect(Self.messages(vp9).contains { $0.contains("CodecSettings.Codec: automated ABR (AutomatedEncodingSettings) encodes H_264 or H_265, not VP9") })
    }

    @Test("a job template leaves Destination and Inputs out; Destination of the wrong type is still refused")
    func destinationAndInputs() throws {
        let text = T.settings([
            T.group("FILE_GROUP_SETTINGS", "{}", outputs: [T.output("_720p", video: T.video(T.qvbr), audio: true)]),
            T.group("HLS_GROUP_SETTINGS", #"{"SegmentLength": 6}"#, outputs: [T.output("_hls", container: "M3U8", video: T.video(T.qvbr), audio: true)]),
            T.group("DASH_ISO_GROUP_SETTINGS", nil, outputs: [T.output("_dash", container: "MPD", video: T.video(T.qvbr))]),
        ], inputs: false)
        let template = try T.parse(text)
        #expect(template.outputGroups.map(\.destination) == [nil, nil, nil])
        #expect(template.outputGroups.map(\.settingsMember) == ["FileGroupSettings", "HlsGroupSettings", "DashIsoGroupSettings"])
        let wrong = Self.messages(text.replacingOccurrences(of: #""SegmentLength": 6"#, with: #""SegmentLength": 6, "Destination": 7"#))
        #expect(wrong.contains { $0.contains("OutputGroups[1].OutputGroupSettings.HlsGroupSettings.Destination: expected a string, got 7") }, "\(wrong)")
        // A file group still needs its FileGroupSettings (MediaConvert: required with FILE_GROUP_SETTINGS).
        let bare = Self.messages(text.replacingOccurrences(of: #""Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {}"#, with: #""Type": "FILE_GROUP_SETTINGS""#))
        #expect(bare.contains { $0.contains("OutputGroupSettings.FileGroupSettings: missing; this member is required") }, "\(bare)")
    }

    @Test("HLS SegmentLength and MinSegmentLength may be left out (MediaConvert: 10 s, 0); bad values are still refused")
    func segmentLength() throws {
        let hls = { (settings: String) in T.settings([T.group("HLS_GROUP_SETTINGS", settings, outputs: [T.output("_hls", container: "M3U8", video: T.video(T.qvbr), audio: true)])]) }
        let template = try T.parse(hls(#"{"Destination": "{{DESTINATION}}"}"#))
        #expect(template.outputGroups[0].segmentLength == 10)
        #expect(template.settings["OutputGroups"]?.elements?[0]["OutputGroupSettings"]?["HlsGroupSettings"]?["SegmentLength"] == nil, "the default is MediaConvert's, not written")
        #expect(try T.parse(hls(#"{"SegmentLength": 4}"#)).outputGroups[0].segmentLength == 4)
        #expect(Self.messages(hls(#"{"SegmentLength": 0}"#)).contains { $0.contains("HlsGroupSettings.SegmentLength: 0 is out of range 1...2147483647") })
        #expect(Self.messages(hls(#"{"SegmentLength": "6"}"#)).contains { $0.contains("HlsGroupSettings.SegmentLength: expected an integer, got \"6\"") })
        #expect(Self.messages(hls(#"{"MinSegmentLength": -1}"#)).contains { $0.contains("HlsGroupSettings.MinSegmentLength: -1 is out of range") })
    }

    @Test("an output may carry only captions; an output with nothing at all is refused", arguments: [
        (#"{"NameModifier": "_empty", "ContainerSettings": {"Container": "M3U8"}}"#, "OutputGroups[0].Outputs[1]: has no VideoDescription, AudioDescriptions or CaptionDescriptions"),
        (#"{"NameModifier": "_empty", "CaptionDescriptions": [], "AudioDescriptions": []}"#, "OutputGroups[0].Outputs[1]: has no VideoDescription, AudioDescriptions or CaptionDescriptions"),
        (#"{"NameModifier": "_bad", "CaptionDescriptions": ["WEBVTT"]}"#, "OutputGroups[0].Outputs[1].CaptionDescriptions[0]: expected an object, got \"WEBVTT\""),
        (#"{"NameModifier": "_bad", "CaptionDescriptions": {}}"#, "OutputGroups[0].Outputs[1].CaptionDescriptions: expected an array, got an object"),
    ])
    func captionsOnly(refused: String, expected: String) throws {
        let outputs = { (second: String) in T.settings([T.group("HLS_GROUP_SETTINGS", #"{"SegmentLength": 6}"#, outputs: [T.output("_av", container: "M3U8", video: T.video(T.qvbr), audio: true), second])]) }
        let template = try T.parse(outputs(T.output("_vtt", container: "M3U8", captions: true)))
        #expect(template.outputGroups[0].outputs.map(\.isCaptionsOnly) == [false, true])
        let errors = Self.messages(outputs(refused))
        #expect(errors.contains { $0.contains(expected) }, "\(errors)")
    }

    @Test("template-only members of a job template are read, kept apart, and checked")
    func jobTemplateMembers() throws {
        let body = #"{"Name": "vod", "Description": "ladder", "Category": "vod", "Queue": "arn:aws:mediaconvert:us-east-1:111122223333:queues/Default", "Priority": 0, "HopDestinations": [{"WaitMinutes": 15}], "Settings": "#
            + T.settings([T.group("FILE_GROUP_SETTINGS", "{}", outputs: [T.output("_720p", video: T.video(T.qvbr), audio: true)])]) + "}"
        let template = try T.parse(body)
        #expect(template.templateMembers.map(\.key) == ["Name", "Description", "Category"])
        #expect(template.jobMembers.map(\.key) == ["Queue", "Priority", "HopDestinations"])
        let errors = Self.messages(body.replacingOccurrences(of: #""Name": "vod""#, with: #""Name": 5"#))
        #expect(errors == ["inline.json:1: Name: expected a string, got 5"], "\(errors)")
    }
}

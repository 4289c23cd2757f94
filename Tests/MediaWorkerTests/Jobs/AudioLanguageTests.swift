import Foundation
import MediaWorkerJobs
import Testing

/// `LanguageCode` with `LanguageCodeControl`: the output track's language tag as MediaConvert
/// sets it, read back with ffprobe from MP4 files and TS segments, and from the HLS playlist.
@Suite("Audio LanguageCodeControl: the input track's language followed, or the configured one, in MP4, TS and the playlist")
struct AudioLanguageTests {
    /// A 4 s source whose audio track is tagged `language` (none: untagged).
    static func source(language: String?) async throws -> String {
        let folder = try TestTools.temporaryDirectory("mw-language")
        let file = folder.appendingPathComponent("clip.mp4").path
        var arguments = [
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=4", "-f", "lavfi", "-i", "sine=frequency=440:duration=4",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
        ]
        if let language { arguments += ["-metadata:s:a:0", "language=\(language)"] }
        try await FFmpegTools.run(arguments + [file])
        return file
    }

    static func template() throws -> JobTemplate {
        let h264 = #""VideoDescription": {"Width": 320, "Height": 180, "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 300000}}}"#
        let aac = #""CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 96000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0"}}"#
        let text = """
            {"Inputs": [{"AudioSelectors": {"Audio Selector 1": {"DefaultSelection": "DEFAULT"}}}],
             "OutputGroups": [
              {"Name": "files", "OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
               "Outputs": [
                {"NameModifier": "_follow", "ContainerSettings": {"Container": "MP4"}, \(h264), "AudioDescriptions": [{\(aac), "LanguageCode": "ENG"}]},
                {"NameModifier": "_configured", "ContainerSettings": {"Container": "MP4"}, \(h264), "AudioDescriptions": [{\(aac), "LanguageCode": "ENG", "LanguageCodeControl": "USE_CONFIGURED"}]}]},
              {"Name": "hls", "OutputGroupSettings": {"Type": "HLS_GROUP_SETTINGS", "HlsGroupSettings": {"Destination": "{{DESTINATION}}hls/", "SegmentLength": 2}},
               "Outputs": [
                {"NameModifier": "_180p", "ContainerSettings": {"Container": "M3U8"}, \(h264), "OutputSettings": {"HlsSettings": {"AudioRenditionSets": "aud"}}},
                {"NameModifier": "_audio", "ContainerSettings": {"Container": "M3U8"}, "AudioDescriptions": [{\(aac), "LanguageCode": "ENG", "LanguageCodeControl": "FOLLOW_INPUT"}],
                 "OutputSettings": {"HlsSettings": {"AudioGroupId": "aud", "AudioTrackType": "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT", "AudioOnlyContainer": "M2TS"}}}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "language.json")
    }

    static func language(_ path: String) async throws -> String {
        let probe = try await ProcessRunner.run("/usr/bin/ffprobe", ["-v", "error", "-select_streams", "a:0", "-show_entries", "stream_tags=language", "-of", "csv=p=0", path])
        return probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The languages of the two MP4s, the audio TS segment (M2TS: packed audio's ADTS frames
    /// carry no language), and the playlist's audio rendition.
    static func run(source language: String?) async throws -> (follow: String, configured: String, segment: String, playlist: String) {
        let template = try Self.template()
        #expect(!template.localWarnings.contains { $0.path.contains("Language") }, "\(template.localWarnings)")
        let (root, outputs) = try await HLSPackageTests.package(template, file: try await Self.source(language: language))
        let files = try HLSPackageTests.files(root)
        let follow = try #require(files.first { $0.hasSuffix("_follow.mp4") }, "\(files)")
        let configured = try #require(files.first { $0.hasSuffix("_configured.mp4") }, "\(files)")
        let segment = try #require(files.first { $0.contains("_audio_") && $0.hasSuffix(".ts") }, "\(files)")
        let master = try #require(outputs.first { $0.role == .playlist }?.path, "\(outputs)")
        let text = try String(contentsOfFile: root + "/" + master, encoding: .utf8)
        let media = text.split(separator: "\n").first { $0.hasPrefix("#EXT-X-MEDIA:TYPE=AUDIO") } ?? ""
        let playlist = media.components(separatedBy: "LANGUAGE=\"").dropFirst().first?.prefix { $0 != "\"" } ?? ""
        return (
            try await Self.language(root + "/" + follow), try await Self.language(root + "/" + configured), try await Self.language(root + "/" + segment),
            String(playlist)
        )
    }

    @Test("a French source track: FOLLOW_INPUT (the default) gives fra everywhere, USE_CONFIGURED gives eng")
    func follows() async throws {
        let found = try await Self.run(source: "fra")
        #expect(found.follow == "fra" && found.segment == "fra" && found.playlist == "fra", "\(found)")
        #expect(found.configured == "eng", "\(found)")
    }

    @Test("an untagged source track: the configured code, eng, whatever the control")
    func untagged() async throws {
        let found = try await Self.run(source: nil)
        #expect(found.follow == "eng" && found.configured == "eng" && found.segment == "eng" && found.playlist == "eng", "\(found)")
    }
}

import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import Testing

/// DASH ISO and CMAF groups packaged locally, checked by Tests/Helpers/check_package.py
/// (mpegdash, pymp4, ffprobe/ffmpeg; CMAF's HLS side like every HLS package).
@Suite("DASH ISO and CMAF packages: an MPD with SegmentTemplate, video, audio and WebVTT adaptation sets")
struct DASHPackageTests {
    static func template(type: String, member: String, container: String, extra: String) throws -> JobTemplate {
        let h264 = #""CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 300000}}"#
        let aac = #"[{"CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 96000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0"}}, "LanguageCode": "ENG"}]"#
        let outputs = [
            #"{"NameModifier": "_180p", "ContainerSettings": {"Container": "\#(container)"}, "VideoDescription": {"Width": 320, "Height": 180, \#(h264)}}"#,
            #"{"NameModifier": "_144p", "ContainerSettings": {"Container": "\#(container)"}, "VideoDescription": {"Width": 256, "Height": 144, \#(h264)}}"#,
            #"{"NameModifier": "_audio", "ContainerSettings": {"Container": "\#(container)"}, "AudioDescriptions": \#(aac)}"#,
            #"{"NameModifier": "_en", "ContainerSettings": {"Container": "\#(container)"}, "CaptionDescriptions": [{"CaptionSelectorName": "Captions Selector 1", "LanguageCode": "ENG", "DestinationSettings": {"DestinationType": "WEBVTT"}}]}"#,
        ]
        let text = """
            {"Inputs": [{"AudioSelectors": {"Audio Selector 1": {"DefaultSelection": "DEFAULT"}},
              "CaptionSelectors": {"Captions Selector 1": {"SourceSettings": {"SourceType": "SRT", "FileSourceSettings": {"SourceFile": "s3://bucket/inputs/clip.srt"}}}}}],
             "OutputGroups": [{"Name": "streaming", "OutputGroupSettings": {"Type": "\(type)", "\(member)": {"Destination": "{{DESTINATION}}", \(extra)}},
              "Outputs": [\(outputs.joined(separator: ","))]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "dash-package.json")
    }

    @Test("DASH ISO: MAIN profile MPD, 2 s segments named as MediaConvert names them, every representation decodes")
    func dash() async throws {
        let template = try Self.template(
            type: "DASH_ISO_GROUP_SETTINGS", member: "DashIsoGroupSettings", container: "MPD",
            extra: #""SegmentLength": 2, "FragmentLength": 2, "MpdProfile": "MAIN_PROFILE", "MinBufferTime": 10000, "SegmentControl": "SEGMENTED_FILES""#)
        #expect(!template.localWarnings.contains { $0.message.contains("groups are not executed") }, "\(template.localWarnings)")
        let file = try await HLSPackageTests.source()
        let (root, outputs) = try await HLSPackageTests.package(template, file: file)
        let files = try HLSPackageTests.files(root)
        #expect(files.contains("audiovideo/clip.mpd") && files.contains("audiovideo/clip_180pinit.mp4") && files.contains("audiovideo/clip_180p_000000001.mp4")
            && files.contains("audiovideo/clip_en.vtt"), "\(files)")
        #expect(!files.contains { $0.hasSuffix(".m3u8") }, "a DASH group writes no HLS playlist: \(files)")
        let summary = try await HLSPackageTests.check(root: root, master: "audiovideo/clip.mpd")
        let rules = try #require(summary["rules"] as? [String: Int])
        #expect(rules["codecs-equal-ffprobe"] == 3 && rules["mpd-segment-count"] == 3 && rules["webvtt-sidecar"] == 1, "\(rules)")
        let mpd = try String(contentsOfFile: root + "/audiovideo/clip.mpd", encoding: .utf8)
        #expect(mpd.contains(#"profiles="urn:mpeg:dash:profile:isoff-main:2011""#) && mpd.contains(#"minBufferTime="PT10.000S""#) && mpd.contains(#"lang="eng""#), "\(mpd)")
        #expect(outputs.contains { $0.role == .playlist && $0.path == "audiovideo/clip.mpd" })
        #expect(outputs.filter { $0.segments != nil }.count == 3, "\(outputs)")
    }

    @Test("DASH ISO SINGLE_FILE: one file per representation, SegmentBase with a sidx at indexRange, each reference a fragment of the sidx's duration, every file decoding to the end")
    func dashSingleFile() async throws {
        let template = try Self.template(
            type: "DASH_ISO_GROUP_SETTINGS", member: "DashIsoGroupSettings", container: "MPD",
            extra: #""SegmentLength": 2, "FragmentLength": 2, "MpdProfile": "ON_DEMAND_PROFILE", "SegmentControl": "SINGLE_FILE""#)
        #expect(!template.localWarnings.contains { $0.message.contains("SINGLE_FILE") }, "\(template.localWarnings)")
        let file = try await HLSPackageTests.source()
        let (root, outputs) = try await HLSPackageTests.package(template, file: file)
        let files = try HLSPackageTests.files(root)
        #expect(files == ["audiovideo/clip.mpd", "audiovideo/clip_144p.mp4", "audiovideo/clip_180p.mp4", "audiovideo/clip_audio.mp4", "audiovideo/clip_en.vtt"], "\(files)")
        let summary = try await HLSPackageTests.check(root: root, master: "audiovideo/clip.mpd")
        let rules = try #require(summary["rules"] as? [String: Int])
        #expect(rules["segmentbase-sidx-at-index-range"] == 3 && rules["segmentbase-initialization"] == 3 && rules["single-file-decodes-to-end"] == 3, "\(rules)")
        let renditions = outputs.filter { $0.segments != nil }
        let references = renditions.reduce(0) { $0 + ($1.segments ?? 0) }
        #expect(references >= 6 && rules["segmentbase-sidx-durations-equal-trun"] == references, "every sidx reference of the record's segments: \(rules)")
        #expect(rules["segmentbase-references-tile-file"] == 3 && rules["decodes-to-end"] == 1, "\(rules)")
        #expect(Set(renditions.map(\.path)) == ["audiovideo/clip_144p.mp4", "audiovideo/clip_180p.mp4", "audiovideo/clip_audio.mp4"], "\(renditions)")
        for rendition in renditions {
            let size = (try FileManager.default.attributesOfItem(atPath: root + "/" + rendition.path)[.size] as? NSNumber)?.int64Value
            #expect(rendition.segmentBytes == size && rendition.bytes == size, "\(rendition.path): the record's bytes are the file's \(String(describing: size))")
        }

        // The checker must be able to fail: an indexRange one byte off.
        let mpdPath = root + "/audiovideo/clip.mpd"
        let mpd = try String(contentsOfFile: mpdPath, encoding: .utf8)
        let shifted = mpd.replacingOccurrences(of: #"indexRange="(\d+)-"#, with: #"indexRange="1$1-"#, options: .regularExpression)
        #expect(shifted != mpd)
        try Data(shifted.utf8).write(to: URL(fileURLWithPath: mpdPath))
        let python = try TestTools.python()
        let script = Fixtures.repositoryRoot.appendingPathComponent("Tests/Helpers/check_package.py").path
        let broken = try await blocking { try ProcessRunner.runBlocking(python, [script, root, "audiovideo/clip.mpd"]) }
        #expect(broken.status == 1 && broken.stdout.contains("segmentbase-sidx-at-index-range"), "\(broken.stdout.suffix(1500)) \(broken.stderr.suffix(1500))")
    }

    @Test("CMAF: one set of fMP4 segments with both an HLS and a DASH manifest")
    func cmaf() async throws {
        let template = try Self.template(type: "CMAF_GROUP_SETTINGS", member: "CmafGroupSettings", container: "CMFC", extra: #""SegmentLength": 2, "FragmentLength": 2"#)
        let file = try await HLSPackageTests.source()
        let srt = ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent("clip.srt")
        let (root, _) = try await HLSPackageTests.package(template, file: file)
        let files = try HLSPackageTests.files(root)
        #expect(files.contains("audiovideo/clip.m3u8") && files.contains("audiovideo/clip.mpd") && files.contains("audiovideo/clip_180p_00001.cmfv")
            && files.contains("audiovideo/clip_audio_00001.cmfa"), "\(files)")
        let dash = try await HLSPackageTests.check(root: root, master: "audiovideo/clip.mpd")
        let hls = try await HLSPackageTests.check(root: root, master: "audiovideo/clip.m3u8", srt: srt)
        let dashRules = try #require(dash["rules"] as? [String: Int])
        let hlsRules = try #require(hls["rules"] as? [String: Int])
        #expect(dashRules["mpd-segment-count"] == 3, "\(dashRules)")
        #expect(hlsRules["decodes-to-end"] == 3 && hlsRules["webvtt-cues-equal-srt"] == 1, "\(hlsRules)")
        // The same segment files under both manifests.
        let mpd = try String(contentsOfFile: root + "/audiovideo/clip.mpd", encoding: .utf8)
        let playlist = try String(contentsOfFile: root + "/audiovideo/clip_180p.m3u8", encoding: .utf8)
        #expect(mpd.contains(#"media="clip_180p_$Number%05d$.cmfv""#) && playlist.contains("clip_180p_00001.cmfv"), "\(mpd)\n\(playlist)")
    }
}

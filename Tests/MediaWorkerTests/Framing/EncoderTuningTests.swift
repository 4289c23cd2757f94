import Foundation
import MediaWorkerJobs
@testable import MediaWorkerMedia
import Testing

/// `H264Settings`/`H265Settings` tuning members (B-frames, references, slices, entropy coding,
/// open GOPs, adaptive quantization, scene cuts), checked in the bitstream: ffprobe's picture
/// types, FFmpeg's `trace_headers` NAL units, mediainfo's SPS/PPS reading, and the encoder's
/// own settings SEI as mediainfo reads it.
@Suite("H.264 and H.265 tuning members, checked in the bitstream")
struct EncoderTuningTests {
    static func video(_ template: JobTemplate) throws -> TemplateVideo {
        try #require(template.outputGroups.first?.outputs.first?.video)
    }

    /// Picture types in presentation order (`I`, `P`, `B`).
    static func pictureTypes(_ path: String) async throws -> [String] {
        let result = try await ProcessRunner.run("/usr/bin/ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pict_type", "-of", "csv=p=0", path])
        return result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Every NAL unit's type, in stream order, from FFmpeg's `trace_headers` bitstream filter.
    static func nalTypes(_ path: String) async throws -> [Int] {
        let result = try await ProcessRunner.run("/usr/bin/ffmpeg", ["-hide_banner", "-i", path, "-map", "0:v:0", "-c", "copy", "-bsf:v", "trace_headers", "-f", "null", "-"])
        return result.stderr.split(separator: "\n").compactMap { line -> Int? in
            guard line.contains(" nal_unit_type ") else { return nil }
            return Int(line.split(separator: " ").last ?? "")
        }
    }

    /// mediainfo's video track (JSON).
    static func mediainfo(_ path: String) async throws -> [String: Any] {
        let result = try await ProcessRunner.run("/usr/bin/mediainfo", ["--Output=JSON", path])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let tracks = (json["media"] as? [String: Any])?["track"] as? [[String: Any]] ?? []
        return try #require(tracks.first { $0["@type"] as? String == "Video" })
    }

    static func encoderSettings(_ track: [String: Any]) -> Set<String> {
        Set((track["Encoded_Library_Settings"] as? String ?? "").components(separatedBy: " / "))
    }

    @Test("the members become x264-params and x265-params; the values the encoders cannot follow are named")
    func mapping() throws {
        let h264 = try Self.video(try CodecOutputTests.template(codec: "H_264", member: "H264Settings", settings: #"""
            "RateControlMode": "CBR", "Bitrate": 400000, "NumberBFramesBetweenReferenceFrames": 2, "NumberReferenceFrames": 4, "GopBReference": "DISABLED",
            "Slices": 2, "AdaptiveQuantization": "HIGHER", "TemporalAdaptiveQuantization": "DISABLED", "SceneChangeDetect": "DISABLED",
            "EntropyEncoding": "CAVLC", "GopClosedCadence": 1, "DynamicSubGop": "STATIC", "QualityTuningLevel": "SINGLE_PASS",
            "ParControl": "SPECIFIED", "ParNumerator": 1, "ParDenominator": 1, "MinIInterval": 0, "FieldEncoding": "PAFF"
            """#))
        let x264 = LocalMapping.encoding(h264).encoderSettings(bitrate: 400_000, preset: "veryfast", defaultProfile: "high").options["x264-params"]
        #expect(x264 == "bframes=2:ref=4:b-pyramid=none:slices=2:aq-strength=1.3:mbtree=0:scenecut=0:cabac=0:open-gop=0:b-adapt=0")

        let h265Template = try CodecOutputTests.template(codec: "H_265", member: "H265Settings", settings: #"""
            "RateControlMode": "CBR", "Bitrate": 400000, "NumberBFramesBetweenReferenceFrames": 0, "GopClosedCadence": 1, "AdaptiveQuantization": "OFF"
            """#)
        let x265 = LocalMapping.encoding(try Self.video(h265Template)).encoderSettings(bitrate: 400_000, preset: "veryfast", defaultProfile: "high").options["x265-params"]
        #expect(x265 == "log-level=error:bframes=0:aq-mode=0:open-gop=0")

        let quiet = try CodecOutputTests.template(codec: "H_264", member: "H264Settings", settings: #"""
            "RateControlMode": "CBR", "Bitrate": 400000, "NumberBFramesBetweenReferenceFrames": 2, "Slices": 2, "EntropyEncoding": "CABAC",
            "GopClosedCadence": 1, "QualityTuningLevel": "SINGLE_PASS", "ParControl": "SPECIFIED", "ParNumerator": 1, "ParDenominator": 1, "MinIInterval": 0
            """#)
        #expect(!quiet.localWarnings.contains { $0.path.contains("H264Settings") }, "\(quiet.localWarnings)")

        let loud = try CodecOutputTests.template(codec: "H_264", member: "H264Settings", settings: #"""
            "RateControlMode": "CBR", "Bitrate": 400000, "QualityTuningLevel": "MULTI_PASS_HQ", "SceneChangeDetect": "TRANSITION_DETECTION",
            "GopClosedCadence": 3, "ParControl": "SPECIFIED", "ParNumerator": 4, "ParDenominator": 3, "MinIInterval": 5
            """#)
        let messages = loud.localWarnings.map(\.description).joined(separator: "\n")
        for expected in [
            "QualityTuningLevel: MULTI_PASS_HQ is encoded in one pass at X264_PRESET", "SceneChangeDetect: TRANSITION_DETECTION is run as the encoder's scene-cut detection",
            "GopClosedCadence: 3: the local engine's encoders keep no cadence", "ParControl: a pixel aspect ratio of 4:3 is written with square pixels",
            "MinIInterval: not executed by the local engine",
        ] {
            #expect(messages.contains(expected), "\(expected) not in \(messages)")
        }
    }

    @Test("GopClosedCadence 0 in an HLS group: closed GOPs all the same (each segment plays on its own), and said so")
    func streamingClosesGOPs() throws {
        let text = """
            {"OutputGroups": [{"OutputGroupSettings": {"Type": "HLS_GROUP_SETTINGS", "HlsGroupSettings": {"Destination": "{{DESTINATION}}", "SegmentLength": 2}},
              "Outputs": [{"NameModifier": "_180p", "ContainerSettings": {"Container": "M3U8"}, "VideoDescription": {"Width": 320, "Height": 180,
                "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 300000, "GopClosedCadence": 0}}}}]}]}
            """
        let template = try JobTemplate.parse(Array(text.utf8), name: "open-gop.json")
        let video = try Self.video(template)
        #expect(video.tuning.closedGOP == true)
        #expect(LocalMapping.encoding(video).encoderSettings(bitrate: 300_000, preset: "veryfast", defaultProfile: "high").options["x264-params"] == "open-gop=0")
        let messages = template.localWarnings.map(\.description).joined(separator: "\n")
        #expect(messages.contains("GopClosedCadence: 0: segmented outputs keep closed GOPs"), "\(messages)")
    }

    @Test("H.264 without B-frames: one reference, four slices a picture, CAVLC, no AQ, no scene cuts, no mb-tree")
    func plainH264() async throws {
        let template = try CodecOutputTests.template(codec: "H_264", member: "H264Settings", settings: #"""
            "RateControlMode": "CBR", "Bitrate": 400000, "CodecProfile": "MAIN", "NumberBFramesBetweenReferenceFrames": 0, "NumberReferenceFrames": 1,
            "Slices": 4, "EntropyEncoding": "CAVLC", "AdaptiveQuantization": "OFF", "SceneChangeDetect": "DISABLED", "TemporalAdaptiveQuantization": "DISABLED"
            """#)
        // x264's medium preset has all of these on (three references, B-frames, CABAC, AQ, mb-tree, scene cuts).
        let path = try await LocalTemplateTests.run(template, preset: "medium")
        let types = try await Self.pictureTypes(path)
        #expect(types.count >= 80 && !types.contains("B"), "\(types)")
        let track = try await Self.mediainfo(path)
        #expect(track["Format_Settings_CABAC"] as? String == "No", "\(track)")
        #expect(track["Format_Settings_RefFrames"] as? String == "1", "\(track)")
        // Slices: every picture is four coded slices (NAL types 1 and 5).
        let slices = try await Self.nalTypes(path).filter { $0 == 1 || $0 == 5 }.count
        #expect(slices == 4 * types.count, "\(slices) slices for \(types.count) pictures")
        let settings = Self.encoderSettings(track)
        for expected in ["aq=0", "scenecut=0", "mbtree=0", "slices=4", "bframes=0", "cabac=0", "ref=1"] {
            #expect(settings.contains(expected), "\(expected) not in \(settings.sorted())")
        }
    }

    @Test("H.264 with three B-frames as references, static sub-GOPs, four references, CABAC, open GOPs, strong AQ")
    func bFramesH264() async throws {
        let template = try CodecOutputTests.template(codec: "H_264", member: "H264Settings", settings: #"""
            "RateControlMode": "CBR", "Bitrate": 400000, "GopSize": 0.5, "GopSizeUnits": "SECONDS", "NumberBFramesBetweenReferenceFrames": 3,
            "GopBReference": "ENABLED", "DynamicSubGop": "STATIC", "NumberReferenceFrames": 4, "EntropyEncoding": "CABAC", "GopClosedCadence": 0,
            "AdaptiveQuantization": "MAX"
            """#)
        // veryfast: one reference, adaptive B-frames, closed GOPs, AQ strength 1.
        let path = try await LocalTemplateTests.run(template, preset: "veryfast")
        let types = try await Self.pictureTypes(path)
        // Static sub-GOPs: runs of exactly three B-frames between the references.
        let runs = types.split { $0 != "B" }.map(\.count)
        #expect(!runs.isEmpty && runs.allSatisfy { $0 <= 3 } && runs.filter { $0 == 3 }.count * 2 > runs.count, "\(types.joined())")
        let track = try await Self.mediainfo(path)
        #expect(track["Format_Settings_CABAC"] as? String == "Yes", "\(track)")
        #expect(track["Format_Settings_RefFrames"] as? String == "4", "\(track)")
        // Open GOPs: the keyframes after the first are I-slices in non-IDR pictures.
        let nals = try await Self.nalTypes(path)
        let intra = types.filter { $0 == "I" }.count
        #expect(intra >= 4 && nals.filter { $0 == 5 }.count < intra, "\(intra) I-pictures, \(nals.filter { $0 == 5 }.count) IDR slices")
        let settings = Self.encoderSettings(track)
        for expected in ["bframes=3", "b_pyramid=2", "b_adapt=0", "open_gop=1", "aq=1:1.60"] {
            #expect(settings.contains(expected), "\(expected) not in \(settings.sorted())")
        }
    }

    @Test("H.265: GopClosedCadence 1 closes every GOP (IDR keyframes, no CRA), no B-frames, one reference")
    func closedH265() async throws {
        let template = try CodecOutputTests.template(codec: "H_265", member: "H265Settings", settings: #"""
            "RateControlMode": "CBR", "Bitrate": 400000, "GopSize": 0.5, "GopSizeUnits": "SECONDS", "GopClosedCadence": 1,
            "NumberBFramesBetweenReferenceFrames": 0, "NumberReferenceFrames": 1
            """#)
        // x265's veryfast: open GOPs, four B-frames, two references.
        let path = try await LocalTemplateTests.run(template, preset: "veryfast")
        let types = try await Self.pictureTypes(path)
        #expect(types.count >= 80 && !types.contains("B"), "\(types.joined())")
        // HEVC NAL types: 19/20 IDR, 21 CRA (an open GOP's keyframe).
        let nals = try await Self.nalTypes(path)
        #expect(!nals.contains(21), "CRA pictures: \(nals.filter { $0 == 21 }.count)")
        #expect(nals.filter { $0 == 19 || $0 == 20 }.count >= 4, "\(nals)")
        let settings = Self.encoderSettings(try await Self.mediainfo(path))
        for expected in ["no-open-gop", "bframes=0", "ref=1"] {
            #expect(settings.contains(expected), "\(expected) not in \(settings.sorted())")
        }
    }
}

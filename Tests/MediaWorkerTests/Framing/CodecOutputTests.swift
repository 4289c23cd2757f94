import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import Testing

@Suite("H.265, AV1 and VP9 outputs from templates, checked with ffprobe")
struct CodecOutputTests {
    /// A one-output template with `codec` and its settings member.
    static func template(codec: String, member: String, settings: String, container: String = "MP4", width: Int = 320, height: Int = 180) throws -> JobTemplate {
        let audio = container == "WEBM" ? "VORBIS\", \"VorbisSettings\": {}" : "AAC\", \"AacSettings\": {\"Bitrate\": 96000, \"SampleRate\": 48000, \"CodingMode\": \"CODING_MODE_2_0\"}"
        let text = """
            {"OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_test", "ContainerSettings": {"Container": "\(container)"},
                "VideoDescription": {"Width": \(width), "Height": \(height), "CodecSettings": {"Codec": "\(codec)", "\(member)": {\(settings)}}},
                "AudioDescriptions": [{"CodecSettings": {"Codec": "\(audio)}}]}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "test.json")
    }

    static func check(_ path: String, codec: String, profile: String?, pixelFormat: String, width: Int, height: Int, audio: String) async throws -> [String: Any] {
        let probe = try await FFmpegTools.probe(path)
        let streams = probe["streams"] as? [[String: Any]] ?? []
        let video = try #require(streams.first { $0["codec_type"] as? String == "video" })
        #expect(video["codec_name"] as? String == codec)
        if let profile { #expect(video["profile"] as? String == profile) }
        #expect(video["pix_fmt"] as? String == pixelFormat)
        #expect(video["width"] as? Int == width && video["height"] as? Int == height)
        #expect(streams.first { $0["codec_type"] as? String == "audio" }?["codec_name"] as? String == audio)
        let duration = Double((probe["format"] as? [String: Any])?["duration"] as? String ?? "") ?? 0
        #expect(abs(duration - 3) <= 0.2, "\(path): \(duration) s of a 3 s source")
        return video
    }

    @Test("H_265 MAIN10_HIGH QVBR: HEVC Main 10 in 10-bit, tagged hvc1, at the template's size")
    func hevc() async throws {
        let template = try Self.template(codec: "H_265", member: "H265Settings", settings: #""RateControlMode": "QVBR", "MaxBitrate": 1000000, "QvbrSettings": {"QvbrQualityLevel": 7}, "CodecProfile": "MAIN10_HIGH", "CodecLevel": "LEVEL_4_1""#)
        #expect(!template.localWarnings.contains { $0.path.contains("H265Settings") || $0.path.hasSuffix("Codec") }, "\(template.localWarnings)")
        let path = try await LocalTemplateTests.run(template)
        let video = try await Self.check(path, codec: "hevc", profile: "Main 10", pixelFormat: "yuv420p10le", width: 320, height: 180, audio: "aac")
        #expect(video["codec_tag_string"] as? String == "hvc1")
    }

    @Test("H_265 CBR MAIN_MAIN: HEVC Main, 8-bit")
    func hevcCBR() async throws {
        let template = try Self.template(codec: "H_265", member: "H265Settings", settings: #""RateControlMode": "CBR", "Bitrate": 400000, "CodecProfile": "MAIN_MAIN""#)
        let path = try await LocalTemplateTests.run(template)
        _ = try await Self.check(path, codec: "hevc", profile: "Main", pixelFormat: "yuv420p", width: 320, height: 180, audio: "aac")
    }

    @Test("AV1 QVBR (SVT-AV1): AV1 in MP4")
    func av1() async throws {
        let template = try Self.template(codec: "AV1", member: "Av1Settings", settings: #""RateControlMode": "QVBR", "MaxBitrate": 1000000, "QvbrSettings": {"QvbrQualityLevel": 7}"#)
        let path = try await LocalTemplateTests.run(template)
        _ = try await Self.check(path, codec: "av1", profile: nil, pixelFormat: "yuv420p", width: 320, height: 180, audio: "aac")
    }

    @Test("VP9 VBR in WEBM: VP9 profile 0 with Vorbis audio in a WebM file")
    func vp9() async throws {
        let template = try Self.template(codec: "VP9", member: "Vp9Settings", settings: #""RateControlMode": "VBR", "Bitrate": 500000"#, container: "WEBM")
        let path = try await LocalTemplateTests.run(template)
        #expect(path.hasSuffix(".webm"))
        _ = try await Self.check(path, codec: "vp9", profile: "Profile 0", pixelFormat: "yuv420p", width: 320, height: 180, audio: "vorbis")
        let format = try await FFmpegTools.probe(path)["format"] as? [String: Any]
        #expect((format?["format_name"] as? String)?.contains("webm") == true)
    }
}

import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import Testing

/// `InputClippings` on HLS and CMAF groups: the package is clipped as a file group's MP4 is,
/// measured over its playlist with ffprobe and ffmpeg.
@Suite("InputClippings on streaming packages: HLS and CMAF segments total the clip and start at its first frame")
struct PackageClippingTests {
    /// One 320×180 output (video and audio) in a group of `type`, clipped 00:00:02:00–00:00:05:00.
    static func template(type: String, member: String, container: String) throws -> JobTemplate {
        let text = """
            {"Inputs": [{"FileInput": "{{INPUT_URL}}", "TimecodeSource": "ZEROBASED", "InputClippings": [{"StartTimecode": "00:00:02:00", "EndTimecode": "00:00:05:00"}]}],
             "OutputGroups": [{"OutputGroupSettings": {"Type": "\(type)", "\(member)": {"Destination": "{{DESTINATION}}", "SegmentLength": 1}},
              "Outputs": [{"NameModifier": "_clip", "ContainerSettings": {"Container": "\(container)"},
                "VideoDescription": {"Width": 320, "Height": 180, "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 3000000}}},
                "AudioDescriptions": [{"CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 96000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0"}}}]}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "package-clip.json")
    }

    @Test("HLS and CMAF, clip 2 s to 5 s: 3 s of segments (to one frame), the first frame ffmpeg's at 2 s", arguments: [
        ("HLS_GROUP_SETTINGS", "HlsGroupSettings", "M3U8"), ("CMAF_GROUP_SETTINGS", "CmafGroupSettings", "CMFC"),
    ])
    func clipped(type: String, member: String, container: String) async throws {
        let file = try await InputClippingTests.source(seconds: 8, timecode: nil)
        let template = try Self.template(type: type, member: member, container: container)
        #expect(!template.localWarnings.contains { $0.path.contains("InputClippings") }, "\(template.localWarnings)")
        let (root, outputs) = try await HLSPackageTests.package(template, file: file)
        // The output's own media playlist (not the multivariant one, not an I-frame playlist).
        let playlist = try #require(outputs.map(\.path).first { $0.hasSuffix("_clip.m3u8") }, "\(outputs.map(\.path))")
        let path = (root as NSString).appendingPathComponent(playlist)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let extinf = text.split(separator: "\n").filter { $0.hasPrefix("#EXTINF:") }.compactMap { Double($0.dropFirst(8).split(separator: ",")[0]) }
        let probed = try await blocking { try ProcessRunner.runBlocking("/usr/bin/ffprobe", [
            "-v", "error", "-allowed_extensions", "ALL", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames",
            "-show_entries", "format=duration", "-of", "json", path,
        ]) }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(probed.stdout.utf8)) as? [String: Any], "\(probed.stderr)")
        let duration = Double((json["format"] as? [String: Any])?["duration"] as? String ?? "") ?? 0
        let frames = Int(((json["streams"] as? [[String: Any]])?.first?["nb_read_frames"] as? String) ?? "") ?? 0
        let frame = 1 / 25.0
        print("\(type) clipped 2–5 s: \(extinf.count) segments, EXTINF total \(extinf.reduce(0, +)) s, ffprobe \(duration) s, \(frames) video frames")
        #expect(frames == 75, "3 s at 25 fps: \(frames) frames")
        #expect(abs(extinf.reduce(0, +) - 3) <= frame * Double(max(extinf.count, 1)) + 0.001, "the segments total \(extinf.reduce(0, +)) s")
        #expect(abs(duration - 3) <= frame * 2 + 0.03, "ffprobe over the playlist: \(duration) s")

        let first = try TestTools.temporaryDirectory("mw-package-clip-frame").appendingPathComponent("first.png").path
        try await FFmpegTools.run(["-allowed_extensions", "ALL", "-i", path, "-frames:v", "1", first])
        let same = try await FFmpegTools.psnr(first, reference: try await InputClippingTests.picture(file, seek: 2), width: 320, height: 180)
        let next = try await FFmpegTools.psnr(first, reference: try await InputClippingTests.picture(file, seek: 2 + frame), width: 320, height: 180)
        let before = try await FFmpegTools.psnr(first, reference: try await InputClippingTests.picture(file, seek: 2 - frame), width: 320, height: 180)
        let start = try await FFmpegTools.psnr(first, reference: try await InputClippingTests.picture(file), width: 320, height: 180)
        print("\(type) clipped: first frame \(same) dB vs the source at 2 s (\(before)/\(next) dB its neighbours, \(start) dB the source's first)")
        #expect(same >= 35, "first frame vs ffmpeg's at 2 s: \(same) dB")
        #expect(same > next + 3 && same > before + 3 && same > start + 3, "the frame at 2 s (\(same) dB), not its neighbours (\(before), \(next) dB) nor 0 s (\(start) dB)")
    }
}

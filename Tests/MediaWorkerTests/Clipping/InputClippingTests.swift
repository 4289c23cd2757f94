import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import Testing

@Suite("InputClippings: frame-accurate clips under ZEROBASED, EMBEDDED and SPECIFIEDSTART, checked with ffmpeg")
struct InputClippingTests {
    /// `seconds` at 25 fps (moving testsrc2 with its frame counter, a sine, a keyframe every
    /// second), with the embedded `timecode` (none when nil).
    static func source(seconds: Int = 6, timecode: String? = "01:00:00:00") async throws -> String {
        let path = try TestTools.temporaryDirectory("mw-clip-source").appendingPathComponent("source.mp4").path
        try await FFmpegTools.run([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=\(seconds)", "-f", "lavfi", "-i", "sine=d=\(seconds)", "-c:v", "libx264", "-preset", "ultrafast",
            "-g", "25", "-c:a", "aac",
        ] + (timecode.map { ["-timecode", $0] } ?? []) + [path])
        return path
    }

    static func template(_ input: String) throws -> JobTemplate {
        let text = """
            {"Inputs": [{"FileInput": "{{INPUT_URL}}", \(input)}],
             "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_clip", "ContainerSettings": {"Container": "MP4"},
                "VideoDescription": {"Width": 320, "Height": 180, "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 3000000}}},
                "AudioDescriptions": [{"CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 96000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0"}}}]}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "clip.json")
    }

    /// The rendition's path after a local run of `template` on `file`.
    static func run(_ template: JobTemplate, file: String) async throws -> String {
        let (root, outputs) = try await HLSPackageTests.package(template, file: file)
        let output = try #require(outputs.first { $0.role == .rendition })
        return (root as NSString).appendingPathComponent(output.path)
    }

    /// The first picture of `path` (or of `path` at `seek` seconds, ffmpeg's accurate seek) as PNG.
    static func picture(_ path: String, seek: Double? = nil) async throws -> String {
        let png = try TestTools.temporaryDirectory("mw-clip-frame").appendingPathComponent("frame.png").path
        try await FFmpegTools.run((seek.map { ["-ss", String($0)] } ?? []) + ["-i", path, "-frames:v", "1", png])
        return png
    }

    @Test("the clip's first frame is ffmpeg's frame at its start, its video and audio last the clip to one frame", arguments: [
        (#""TimecodeSource": "ZEROBASED", "InputClippings": [{"StartTimecode": "00:00:01:10", "EndTimecode": "00:00:04:00"}]"#, 1.4, 2.6),
        (#""TimecodeSource": "EMBEDDED", "InputClippings": [{"StartTimecode": "01:00:02:00", "EndTimecode": "01:00:03:00"}]"#, 2.0, 1.0),
        (#""InputClippings": [{"StartTimecode": "01:00:03:05"}]"#, 3.2, 2.8),
        (#""TimecodeSource": "SPECIFIEDSTART", "TimecodeStart": "10:00:00:00", "InputClippings": [{"StartTimecode": "10:00:00:12", "EndTimecode": "10:00:01:12"}]"#, 0.48, 1.0),
    ])
    func clip(input: String, start: Double, duration: Double) async throws {
        let file = try await Self.source()
        let template = try Self.template(input)
        #expect(!template.localWarnings.contains { $0.path.contains("InputClippings") || $0.path.contains("Timecode") }, "\(template.localWarnings)")
        let path = try await Self.run(template, file: file)
        let streams = try await FFmpegTools.streams(path)
        let frame = 1 / 25.0
        let video = try #require(streams.first { $0["codec_type"] as? String == "video" })
        let videoDuration = Double(video["duration"] as? String ?? "") ?? 0
        #expect(abs(videoDuration - duration) <= frame + 0.001, "video \(videoDuration) s, clip \(duration) s")
        #expect(Int(video["nb_frames"] as? String ?? "") == Int((duration * 25).rounded()))
        let audio = try #require(streams.first { $0["codec_type"] as? String == "audio" })
        let audioDuration = Double(audio["duration"] as? String ?? "") ?? 0
        #expect(abs(audioDuration - duration) <= frame, "audio \(audioDuration) s, clip \(duration) s")
        let first = try await Self.picture(path)
        let same = try await FFmpegTools.psnr(first, reference: try await Self.picture(file, seek: start), width: 320, height: 180)
        let next = try await FFmpegTools.psnr(first, reference: try await Self.picture(file, seek: start + frame), width: 320, height: 180)
        let before = try await FFmpegTools.psnr(first, reference: try await Self.picture(file, seek: start - frame), width: 320, height: 180)
        #expect(same >= 35, "first frame vs ffmpeg's at \(start) s: \(same) dB")
        #expect(same > next + 3 && same > before + 3, "the frame at \(start) s (\(same) dB), not its neighbours (\(before), \(next) dB)")
    }

    @Test("timecodes: non-drop and drop-frame counting, and clips outside the source refused")
    func timecodes() throws {
        #expect(try InputClip.seconds("00:00:01:10", framesPerSecond: 25) == 1.4)
        #expect(abs(try InputClip.seconds("00:01:00;02", framesPerSecond: 30000.0 / 1001) - 1800 * 1001 / 30000.0) < 1e-9)
        #expect(abs(try InputClip.seconds("00:10:00;00", framesPerSecond: 30000.0 / 1001) - 17982 * 1001 / 30000.0) < 1e-9)
        #expect(throws: MediaError.self) { try InputClip.seconds("1:2:3", framesPerSecond: 25) }
        let before = InputClip(startTimecode: "00:59:00:00", endTimecode: nil, timecodeSource: .embedded)
        #expect(throws: MediaError.self) { try before.window(framesPerSecond: 25, embeddedTimecode: "01:00:00:00") }
        let window = try InputClip(startTimecode: "00:00:02:00", endTimecode: "00:00:03:00", timecodeSource: .zeroBased).window(framesPerSecond: 25, embeddedTimecode: "01:00:00:00")
        #expect(window.contains(2.0) && window.contains(2.96) && !window.contains(3.0) && !window.contains(1.96))
    }
}

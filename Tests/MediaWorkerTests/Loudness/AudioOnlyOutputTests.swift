import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import Testing

/// An audio-only output (template 27's loudness-corrected audio proxy) gets the input's
/// `InputClippings` and its own `AudioNormalizationSettings`, as the renditions do.
@Suite("Audio-only outputs: clipped and loudness-corrected like the renditions")
struct AudioOnlyOutputTests {
    /// 5 s at 25 fps: silence for the first second, then a quiet 1 kHz tone.
    static func source() async throws -> String {
        let path = try TestTools.temporaryDirectory("mw-audio-only").appendingPathComponent("late_tone.mp4").path
        try await FFmpegTools.run([
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=5",
            "-f", "lavfi", "-i", "aevalsrc=if(lt(t\\,1)\\,0\\,0.03*sin(2*PI*1000*t)):d=5:s=48000:c=stereo",
            "-t", "5", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "pcm_s16le", path.replacingOccurrences(of: ".mp4", with: ".mov"),
        ])
        return path.replacingOccurrences(of: ".mp4", with: ".mov")
    }

    @Test("InputClippings 1 s to 3 s and CORRECT_AUDIO to -16 LKFS: the audio-only output is the 2 s of tone at -16 LUFS, its measurement recorded")
    func clippedAndCorrected() async throws {
        let text = """
            {"Inputs": [{"TimecodeSource": "ZEROBASED", "InputClippings": [{"StartTimecode": "00:00:01:00", "EndTimecode": "00:00:03:00"}]}],
             "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_proxy", "ContainerSettings": {"Container": "MP4"},
                "AudioDescriptions": [{"AudioNormalizationSettings": {"Algorithm": "ITU_BS_1770_2", "AlgorithmControl": "CORRECT_AUDIO", "TargetLkfs": -16},
                  "CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 96000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0"}}}]}]}]}
            """
        let template = try JobTemplate.parse(Array(text.utf8), name: "proxy.json")
        #expect(!template.localWarnings.contains { $0.message.contains("audio-only") }, "\(template.localWarnings)")
        let file = try await Self.source()
        let before = try await LoudnessTests.measure(file)
        let (root, outputs) = try await LocalJobRunner.run(template, file: file)
        let output = try #require(outputs.first { $0.role == .audio }, "\(outputs.map(\.path))")
        let path = (root as NSString).appendingPathComponent(output.path)
        #expect(abs((output.duration ?? 0) - 2) < 0.06, "the clip lasts 2 s, the output \(String(describing: output.duration)) s")
        // The first half second is tone (the clip starts after the silence).
        let head = try await ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-t", "0.5", "-i", path, "-af", "volumedetect", "-f", "null", "-"])
        let mean = head.stderr.split(separator: "\n").first { $0.contains("mean_volume:") }.flatMap {
            Double(String($0.split(separator: ":").last ?? "").replacingOccurrences(of: "dB", with: "").trimmingCharacters(in: .whitespaces))
        }
        #expect((mean ?? -100) > -40, "the output starts with the tone: mean volume \(String(describing: mean)) dB")
        let after = try await LoudnessTests.measure(path)
        #expect(abs(after.integrated - -16) <= 1, "output at \(after.integrated) LUFS (the source at \(before.integrated))")
        let recorded = try #require(output.loudness, "the measurement is in the job record")
        #expect(recorded.gain > 5, "\(recorded)")
    }
}

import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import Testing

/// Outputs of one group asking for different AAC bitrates, sample rates or channels
/// (templates 02, 05, 06 and 16 give their lower rungs 64 or 96 kb/s) each get theirs;
/// outputs asking the same share one audio encode.
@Suite("Audio formats per output: each output's AacSettings, not the group's largest")
struct OutputAudioFormatTests {
    static func output(_ modifier: String, height: Int, aac: String) -> String {
        #"""
        {"NameModifier": "\#(modifier)", "ContainerSettings": {"Container": "MP4"},
         "VideoDescription": {"Height": \#(height), "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 300000}}},
         "AudioDescriptions": [{"CodecSettings": {"Codec": "AAC", "AacSettings": {\#(aac)}}}]}
        """#
    }

    @Test("64 and 128 kb/s stereo at 48 kHz, 96 kb/s mono at 44.1 kHz in one file group: each output's audio is what it asked")
    func mixedAudio() async throws {
        let text = """
            {"OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [\(Self.output("_high", height: 360, aac: #""Bitrate": 128000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0""#)),
                          \(Self.output("_low", height: 240, aac: #""Bitrate": 64000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0""#)),
                          \(Self.output("_mono", height: 180, aac: #""Bitrate": 96000, "SampleRate": 44100, "CodingMode": "CODING_MODE_1_0""#))]}]}
            """
        let template = try JobTemplate.parse(Array(text.utf8), name: "audio.json")
        #expect(!template.localWarnings.contains { $0.message.contains("audio") }, "\(template.localWarnings)")
        let file = try await MediaCorpus.shared.path("three_seconds.mp4")
        let (root, outputs) = try await LocalJobRunner.run(template, file: file)
        func audio(_ modifier: String) async throws -> (bitrate: Double, sampleRate: String, channels: Int, duration: Double) {
            let output = try #require(outputs.first { $0.role == .rendition && $0.path.contains("three_seconds\(modifier).mp4") }, "\(outputs.map(\.path))")
            let streams = try await FFmpegTools.streams((root as NSString).appendingPathComponent(output.path))
            let stream = try #require(streams.first { $0["codec_type"] as? String == "audio" })
            return (Double(stream["bit_rate"] as? String ?? "") ?? -1, stream["sample_rate"] as? String ?? "", stream["channels"] as? Int ?? -1,
                    Double(stream["duration"] as? String ?? "") ?? -1)
        }
        let high = try await audio("_high")
        let low = try await audio("_low")
        let mono = try await audio("_mono")
        #expect(high.sampleRate == "48000" && high.channels == 2)
        #expect(low.sampleRate == "48000" && low.channels == 2)
        #expect(mono.sampleRate == "44100" && mono.channels == 1)
        // libavcodec's AAC encoder holds the average near the target (within a quarter either way).
        #expect(abs(high.bitrate - 128_000) < 32_000, "128 kb/s asked, \(high.bitrate) written")
        #expect(abs(low.bitrate - 64_000) < 16_000, "64 kb/s asked, \(low.bitrate) written")
        #expect(abs(mono.bitrate - 96_000) < 24_000, "96 kb/s asked, \(mono.bitrate) written")
        #expect(high.bitrate > low.bitrate * 1.5)
        for value in [high, low, mono] { #expect(abs(value.duration - high.duration) < 0.05, "audio durations \(high.duration), \(value.duration)") }
    }
}

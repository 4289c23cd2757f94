import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import Testing

@Suite("Audio-only outputs in MP3, AC3 and WAV, checked with ffprobe")
struct AudioCodecTests {
    static let template = """
        {"OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
          "Outputs": [
            {"NameModifier": "_wav", "ContainerSettings": {"Container": "RAW"},
             "AudioDescriptions": [{"CodecSettings": {"Codec": "WAV", "WavSettings": {"BitDepth": 24, "Channels": 2, "SampleRate": 48000}}}]},
            {"NameModifier": "_mp3", "ContainerSettings": {"Container": "RAW"},
             "AudioDescriptions": [{"CodecSettings": {"Codec": "MP3", "Mp3Settings": {"Bitrate": 160000, "Channels": 1, "SampleRate": 44100}}}]},
            {"NameModifier": "_ac3", "ContainerSettings": {"Container": "MP4"},
             "AudioDescriptions": [{"CodecSettings": {"Codec": "AC3", "Ac3Settings": {"Bitrate": 192000, "CodingMode": "CODING_MODE_2_0", "SampleRate": 48000}}}]}]}]}
        """

    @Test("WAV 24-bit, MP3 160 kb/s mono 44.1 kHz, AC-3 in MP4: codec, rate, channels, duration; named as MediaConvert names them")
    func audioOnly() async throws {
        let template = try JobTemplate.parse(Array(Self.template.utf8), name: "audio-codecs.json")
        #expect(!template.localWarnings.contains { $0.path.contains("AudioDescriptions") }, "\(template.localWarnings)")
        let file = try await MediaCorpus.shared.path("three_seconds.mp4")
        let root = try TestTools.temporaryDirectory("mw-audio-codecs").path
        let outputs = try await blocking { () throws -> [LocalJobOutput] in
            let job = try JobPlanner(submission: JobSubmission(role: "local")).plan(
                template: template, metadata: try MediaProber().probe(.file(file)), source: JobSource(bucket: "local", key: "inputs/a.mp4", etag: ""),
                destination: JobDestination(bucket: "local", prefix: "out/", baseName: "a"))
            return try LocalJobExecutor().execute(job, template: template, file: file, outputRoot: root).outputs
        }
        #expect(outputs.map(\.path) == ["out/a_wav.wav", "out/a_mp3.mp3", "out/a_ac3.mp4"])
        let expected: [(codec: String, rate: String, channels: Int)] = [("pcm_s24le", "48000", 2), ("mp3", "44100", 1), ("ac3", "48000", 2)]
        for (output, want) in zip(outputs, expected) {
            let probe = try await FFmpegTools.probe((root as NSString).appendingPathComponent(output.path))
            let streams = probe["streams"] as? [[String: Any]] ?? []
            #expect(streams.count == 1)
            let audio = try #require(streams.first)
            #expect(audio["codec_name"] as? String == want.codec && audio["sample_rate"] as? String == want.rate && audio["channels"] as? Int == want.channels,
                    "\(output.path): \(audio["codec_name"] ?? "") \(audio["sample_rate"] ?? "") \(audio["channels"] ?? "")")
            let duration = Double((probe["format"] as? [String: Any])?["duration"] as? String ?? "") ?? 0
            #expect(abs(duration - 3) <= 0.1, "\(output.path): \(duration) s")
            if want.codec == "mp3" { #expect(abs((Double(audio["bit_rate"] as? String ?? "") ?? 0) - 160_000) <= 8_000) }
        }
    }
}

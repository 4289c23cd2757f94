import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import Testing

/// Outputs of one group asking for different frame rates (template 05's 15 and 30 fps rungs,
/// template 02's 29.97 beside INITIALIZE_FROM_SOURCE) each get their own, from one decode.
@Suite("Frame rates per output: FramerateControl of each output, not the group's first")
struct OutputFrameRateTests {
    static func output(_ modifier: String, height: Int, rate: String) -> String {
        #"""
        {"NameModifier": "\#(modifier)", "ContainerSettings": {"Container": "MP4"},
         "VideoDescription": {"Height": \#(height), "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 400000, \#(rate)}}},
         "AudioDescriptions": [{"CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 64000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0"}}}]}
        """#
    }

    /// Frames counted by ffprobe, the stream's rate and duration.
    static func frames(_ path: String) async throws -> (count: Int, rate: String, duration: Double) {
        let result = try await ProcessRunner.run("/usr/bin/ffprobe", [
            "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames,r_frame_rate:format=duration", "-of", "json", path,
        ])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let stream = try #require((json["streams"] as? [[String: Any]])?.first)
        let format = try #require(json["format"] as? [String: Any])
        return (Int(stream["nb_read_frames"] as? String ?? "") ?? -1, stream["r_frame_rate"] as? String ?? "", Double(format["duration"] as? String ?? "") ?? -1)
    }

    @Test("15 fps, 24000/1001 and the source's rate in one file group: each output has its rate and the whole duration")
    func mixedRates() async throws {
        let text = """
            {"OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [\(Self.output("_15", height: 360, rate: #""FramerateControl": "SPECIFIED", "FramerateNumerator": 15, "FramerateDenominator": 1"#)),
                          \(Self.output("_source", height: 240, rate: #""FramerateControl": "INITIALIZE_FROM_SOURCE""#)),
                          \(Self.output("_film", height: 180, rate: #""FramerateControl": "SPECIFIED", "FramerateNumerator": 24000, "FramerateDenominator": 1001"#))]}]}
            """
        let template = try JobTemplate.parse(Array(text.utf8), name: "rates.json")
        #expect(!template.localWarnings.contains { $0.message.contains("frame rate") }, "\(template.localWarnings)")
        let file = try await MediaCorpus.shared.path("three_seconds.mp4")
        let source = try await Self.frames(file)
        let (root, outputs) = try await LocalJobRunner.run(template, file: file)
        func measured(_ modifier: String) async throws -> (count: Int, rate: String, duration: Double) {
            let output = try #require(outputs.first { $0.role == .rendition && $0.path.contains("three_seconds\(modifier).mp4") }, "\(outputs.map(\.path))")
            return try await Self.frames((root as NSString).appendingPathComponent(output.path))
        }
        let fifteen = try await measured("_15")
        let same = try await measured("_source")
        let film = try await measured("_film")
        #expect(fifteen.rate == "15/1")
        #expect(film.rate == "24000/1001")
        #expect(same.rate == source.rate, "the source's \(source.rate)")
        #expect(same.count == source.count, "every source picture once: \(same.count) of \(source.count)")
        // Constant-rate slots over the source's duration: rate × duration pictures (one either way for rounding).
        #expect(abs(Double(fifteen.count) - 15 * source.duration) <= 1.5, "\(fifteen.count) pictures at 15 fps over \(source.duration) s")
        #expect(abs(Double(film.count) - 24000.0 / 1001 * source.duration) <= 1.5, "\(film.count) pictures at 23.976 fps over \(source.duration) s")
        for (name, value) in [("15", fifteen), ("source", same), ("film", film)] {
            #expect(abs(value.duration - source.duration) < 0.15, "\(name): \(value.duration) s for the source's \(source.duration) s")
        }
    }
}

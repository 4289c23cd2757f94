import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import Testing

/// `Inputs[0].AudioSelectors` with `SelectorType: TRACK` and `Tracks` (templates 01, 02, 27,
/// 31): the output's audio is the selected track of the upload, for renditions and audio-only
/// outputs alike, and its language follows that track; a track the upload lacks fails the job.
@Suite("Audio selectors: Tracks picks the upload's audio track")
struct AudioSelectorTrackTests {
    /// A 2 s clip with a silent French track 1 and a 1 kHz German tone as track 2.
    static func twoTrackSource() async throws -> String {
        let path = try TestTools.temporaryDirectory("mw-audio-tracks").appendingPathComponent("two_tracks.mp4").path
        try await FFmpegTools.run([
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2", "-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo",
            "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000:duration=2",
            "-map", "0:v", "-map", "1:a", "-map", "2:a", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
            "-metadata:s:a:0", "language=fra", "-metadata:s:a:1", "language=deu", path,
        ])
        return path
    }

    static func template(tracks: String) throws -> JobTemplate {
        let text = """
            {"Inputs": [{"AudioSelectors": {"Audio Selector 1": {"DefaultSelection": "DEFAULT", "SelectorType": "TRACK", "Tracks": [\(tracks)]}}}],
             "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_video", "ContainerSettings": {"Container": "MP4"},
                "VideoDescription": {"Height": 240, "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 300000}}},
                "AudioDescriptions": [{"AudioSourceName": "Audio Selector 1", "CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 96000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0"}}}]},
               {"NameModifier": "_audio", "ContainerSettings": {"Container": "MP4"},
                "AudioDescriptions": [{"AudioSourceName": "Audio Selector 1", "CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 96000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0"}}}]}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "tracks.json")
    }

    /// The mean volume ffmpeg's volumedetect measures (dB; −91 is digital silence) and the track's language.
    static func audio(_ path: String) async throws -> (meanVolume: Double, language: String?) {
        let result = try await ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-i", path, "-map", "0:a:0", "-af", "volumedetect", "-f", "null", "-"])
        let line = try #require(result.stderr.split(separator: "\n").first { $0.contains("mean_volume:") }, "\(result.stderr)")
        let field = String(line.split(separator: ":").last ?? "").replacingOccurrences(of: "dB", with: "")
        let value = try #require(Double(field.trimmingCharacters(in: .whitespaces)), "\(line)")
        let streams = try await FFmpegTools.streams(path)
        let tags = streams.first { $0["codec_type"] as? String == "audio" }?["tags"] as? [String: Any]
        return (value, tags?["language"] as? String)
    }

    @Test("Tracks [2] gives the tone of track 2 in the rendition and the audio-only output; Tracks [1] the silence of track 1")
    func selectedTrack() async throws {
        let file = try await Self.twoTrackSource()
        let template = try Self.template(tracks: "2")
        #expect(!template.localWarnings.contains { $0.path.contains("AudioSelectors") }, "\(template.localWarnings)")
        let second = try await LocalJobRunner.run(template, file: file)
        for modifier in ["_video", "_audio"] {
            let output = try #require(second.outputs.first { $0.path.contains("two_tracks\(modifier)") }, "\(second.outputs.map(\.path))")
            let measured = try await Self.audio((second.root as NSString).appendingPathComponent(output.path))
            #expect(measured.meanVolume > -30, "\(modifier): track 2's tone, measured \(measured.meanVolume) dB")
            #expect(measured.language == "deu", "\(modifier): track 2's language, got \(String(describing: measured.language))")
        }
        let first = try await LocalJobRunner.run(try Self.template(tracks: "1"), file: file)
        for modifier in ["_video", "_audio"] {
            let output = try #require(first.outputs.first { $0.path.contains("two_tracks\(modifier)") })
            let measured = try await Self.audio((first.root as NSString).appendingPathComponent(output.path))
            #expect(measured.meanVolume < -80, "\(modifier): track 1's silence, measured \(measured.meanVolume) dB")
            #expect(measured.language == "fra")
        }
    }

    @Test("Tracks [3] on an upload with two audio tracks fails the job, saying which tracks there are")
    func missingTrack() async throws {
        let file = try await Self.twoTrackSource()
        let error = await #expect(throws: MediaError.self) { _ = try await LocalJobRunner.run(try Self.template(tracks: "3"), file: file) }
        #expect(error?.message.contains("audio track 3") == true, "\(String(describing: error))")
        #expect(error?.message.contains("2 audio tracks") == true, "\(String(describing: error))")
    }

    @Test("PID selectors and several Tracks are warned: the local engine does not run them")
    func warnings() throws {
        let text = """
            {"Inputs": [{"AudioSelectors": {"Audio Selector 1": {"SelectorType": "PID", "Pids": [257]}, "Audio Selector 2": {"SelectorType": "TRACK", "Tracks": [1, 2]}}}],
             "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"ContainerSettings": {"Container": "MP4"}, "VideoDescription": {"CodecSettings": {"Codec": "H_264", "H264Settings": {"Bitrate": 300000}}}}]}]}
            """
        let warnings = try JobTemplate.parse(Array(text.utf8), name: "pid.json").localWarnings
        #expect(warnings.contains { $0.path.hasSuffix("Audio Selector 1.SelectorType") && $0.message.contains("PID is not run") }, "\(warnings)")
        #expect(warnings.contains { $0.path.hasSuffix("Audio Selector 2.Tracks") && $0.message.contains("first track only") }, "\(warnings)")
    }
}

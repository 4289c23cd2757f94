import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import Testing

@Suite("AudioNormalizationSettings: ebur128 measures, gain and limiter correct; checked with ffmpeg's ebur128")
struct LoudnessTests {
    /// ffmpeg's ebur128 summary of a file: integrated loudness (LUFS) and true peak (dBTP).
    static func measure(_ path: String) async throws -> (integrated: Double, peak: Double) {
        let result = try await ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-nostats", "-i", path, "-vn", "-af", "ebur128=peak=true", "-f", "null", "-"])
        func last(_ label: String) -> Double? {
            result.stderr.components(separatedBy: "\n").reversed().lazy.compactMap { line -> Double? in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix(label) else { return nil }
                return Double(trimmed.dropFirst(label.count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
            }.first
        }
        guard let integrated = last("I:"), let peak = last("Peak:") else { throw TestTools.Missing(description: "no ebur128 summary: \(result.stderr.suffix(500))") }
        return (integrated, peak)
    }

    /// 4 s of video with pink noise at `lufs` (measured, then adjusted), with 1 ms bursts at
    /// -8 dBFS every second when `bursts` (peaks the gain pushes over the limit, too short to
    /// change the loudness).
    static func source(lufs: Double, bursts: Bool) async throws -> String {
        let folder = try TestTools.temporaryDirectory("mw-loudness")
        let raw = folder.appendingPathComponent("noise.wav").path
        var audio = ["-f", "lavfi", "-i", "anoisesrc=c=pink:a=0.1:d=4:r=48000:s=7"]
        var graph = "[0:a]aformat=channel_layouts=stereo[a]"
        if bursts {
            audio += ["-f", "lavfi", "-i", "aevalsrc=0.4*gt(mod(t\\,1)\\,0.999)*sin(2*PI*1000*t):d=4:s=48000:c=stereo"]
            graph = "[0:a]aformat=channel_layouts=stereo[n];[n][1:a]amix=inputs=2:normalize=0[a]"
        }
        try await FFmpegTools.run(audio + ["-filter_complex", graph, "-map", "[a]", "-c:a", "pcm_f32le", raw])
        // The whole mix to `lufs`, in float so nothing clips.
        let measured = try await measure(raw).integrated
        let path = folder.appendingPathComponent("source.mov").path
        try await FFmpegTools.run([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=4", "-i", raw, "-af", String(format: "volume=%.2fdB", lufs - measured),
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "pcm_f32le", path,
        ])
        return path
    }

    static func template(_ normalization: String) throws -> JobTemplate {
        let text = """
            {"OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_loud", "ContainerSettings": {"Container": "MP4"},
                "VideoDescription": {"Width": 320, "Height": 180, "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 500000}}},
                "AudioDescriptions": [{"AudioNormalizationSettings": {\(normalization)},
                  "CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 192000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0"}}}]}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "loudness.json")
    }

    @Test("CORRECT_AUDIO from 10 LU under the target: ±1 LU of TargetLkfs, true peak at most the threshold + 0.5 dB, measured values recorded", arguments: [
        (-23.0, -2.0, false), (-24.0, -2.0, true), (-16.0, -1.0, true),
    ])
    func correct(target: Double, limit: Double, bursts: Bool) async throws {
        let file = try await Self.source(lufs: target - 10, bursts: bursts)
        let before = try await Self.measure(file)
        #expect(abs(before.integrated - (target - 10)) <= 0.5, "source at \(before.integrated) LUFS")
        let template = try Self.template(#""Algorithm": "ITU_BS_1770_2", "AlgorithmControl": "CORRECT_AUDIO", "TargetLkfs": \#(target), "TruePeakLimiterThreshold": \#(limit)"#)
        #expect(!template.localWarnings.contains { $0.path.contains("AudioNormalizationSettings") }, "\(template.localWarnings)")
        let (path, output) = try await Self.run(template, file: file)
        let after = try await Self.measure(path)
        #expect(abs(after.integrated - target) <= 1, "output at \(after.integrated) LUFS, target \(target)")
        #expect(after.peak <= limit + 0.5, "output true peak \(after.peak) dBTP, limit \(limit)")
        let recorded = try #require(output.loudness)
        #expect(abs(recorded.integrated - before.integrated) <= 0.5, "recorded \(recorded.integrated), ffmpeg \(before.integrated)")
        // The gain: target − measured, plus the make-up for what the limiter took (never less).
        let plain = target - recorded.integrated
        #expect(recorded.gain >= plain - 0.01 && recorded.gain <= plain + 3, "recorded gain \(recorded.gain) dB, \(plain) dB without make-up")
    }

    @Test("MEASURE_ONLY: the audio keeps its loudness, the measurement is recorded")
    func measureOnly() async throws {
        let file = try await Self.source(lufs: -30, bursts: false)
        let (path, output) = try await Self.run(try Self.template(#""AlgorithmControl": "MEASURE_ONLY", "TargetLkfs": -23"#), file: file)
        let after = try await Self.measure(path)
        #expect(abs(after.integrated - -30) <= 0.5, "\(after.integrated) LUFS")
        #expect(output.loudness.map { abs($0.integrated - -30) <= 0.5 && $0.gain == 0 } == true, "\(String(describing: output.loudness))")
    }

    static func run(_ template: JobTemplate, file: String) async throws -> (String, LocalJobOutput) {
        let root = try TestTools.temporaryDirectory("mw-loudness-out").path
        let outputs = try await blocking { () throws -> [LocalJobOutput] in
            let metadata = try MediaProber().probe(.file(file))
            let job = try JobPlanner(submission: JobSubmission(role: "local")).plan(
                template: template, metadata: metadata, source: JobSource(bucket: "local", key: "inputs/source.mp4", etag: ""),
                destination: JobDestination(bucket: "local", prefix: "out/", baseName: "source"))
            return try LocalJobExecutor(ladder: LadderOptions(preset: "ultrafast")).execute(job, template: template, file: file, outputRoot: root).outputs
        }
        let output = try #require(outputs.first { $0.role == .rendition })
        return ((root as NSString).appendingPathComponent(output.path), output)
    }
}

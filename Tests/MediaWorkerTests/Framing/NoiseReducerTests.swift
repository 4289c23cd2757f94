import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import Testing

@Suite("NoiseReducer: each Filter moves the picture's high-frequency energy (ffmpeg's sobel) the way it should")
struct NoiseReducerTests {
    /// A 2 s 320×180 source with strong grain that changes every picture.
    static func noisySource() async throws -> String {
        let path = try TestTools.temporaryDirectory("mw-noise").appendingPathComponent("noisy.mp4").path
        try await FFmpegTools.run([
            "-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=2", "-vf", "noise=alls=30:allf=t+u", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "8",
            "-pix_fmt", "yuv420p", path,
        ])
        return path
    }

    static func template(_ reducer: String?) throws -> JobTemplate {
        let preprocessors = reducer.map { #""VideoPreprocessors": {"NoiseReducer": {\#($0)}},"# } ?? ""
        let text = """
            {"OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_nr", "ContainerSettings": {"Container": "MP4"},
                "VideoDescription": {"Width": 320, "Height": 180, \(preprocessors)
                  "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 20000000}}}}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "noise.json")
    }

    /// The mean of ffmpeg's sobel edge picture (luma) over the file: the high-frequency energy.
    static func edgeEnergy(_ path: String) async throws -> Double {
        let report = try TestTools.temporaryDirectory("mw-noise-edges").appendingPathComponent("edges.txt").path
        try await FFmpegTools.run(["-i", path, "-vf", "format=gray,sobel,signalstats,metadata=mode=print:key=lavfi.signalstats.YAVG:file=\(report)", "-f", "null", "-"])
        let values = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").compactMap { line -> Double? in
            guard let range = line.range(of: "lavfi.signalstats.YAVG=") else { return nil }
            return Double(line[range.upperBound...])
        }
        guard !values.isEmpty else { throw TestTools.Missing(description: "no sobel measurements for \(path)") }
        return values.reduce(0, +) / Double(values.count)
    }

    @Test("Filter and the strengths are executed; Speed and AggressiveMode are warned; an unknown Filter is an error")
    func classification() throws {
        let template = try Self.template(#""Filter": "TEMPORAL", "TemporalFilterSettings": {"Strength": 4, "Speed": 1, "AggressiveMode": 2}"#)
        let warned = template.localWarnings.map(\.path).filter { $0.contains("NoiseReducer") }
        #expect(warned.sorted() == [
            "OutputGroups[0].Outputs[0].VideoDescription.VideoPreprocessors.NoiseReducer.TemporalFilterSettings.AggressiveMode",
            "OutputGroups[0].Outputs[0].VideoDescription.VideoPreprocessors.NoiseReducer.TemporalFilterSettings.Speed",
        ], "\(warned)")
        #expect(throws: TemplateError.self) { _ = try Self.template(#""Filter": "BLUR""#) }
    }

    @Test("smoothing filters lower the edge energy, SHARPEN raises it", arguments: [
        (#""Filter": "MEAN", "FilterSettings": {"Strength": 1}"#, false),
        (#""Filter": "GAUSSIAN", "FilterSettings": {"Strength": 3}"#, false),
        (#""Filter": "LANCZOS", "FilterSettings": {"Strength": 2}"#, false),
        (#""Filter": "CONSERVE", "FilterSettings": {"Strength": 2}"#, false),
        (#""Filter": "BILATERAL", "FilterSettings": {"Strength": 3}"#, false),
        (#""Filter": "SPATIAL", "SpatialFilterSettings": {"Strength": 8, "PostFilterSharpenStrength": 0}"#, false),
        (#""Filter": "TEMPORAL", "TemporalFilterSettings": {"Strength": 8}"#, false),
        (#""Filter": "SHARPEN", "FilterSettings": {"Strength": 3}"#, true),
    ])
    func direction(reducer: String, sharpens: Bool) async throws {
        let source = try await Self.noisySource()
        let template = try Self.template(reducer)
        #expect(!template.localWarnings.contains { $0.path.contains("NoiseReducer") }, "\(template.localWarnings)")
        let filtered = try await Self.edgeEnergy(try await InputClippingTests.run(template, file: source))
        let plain = try await Self.edgeEnergy(try await InputClippingTests.run(try Self.template(nil), file: source))
        print("NoiseReducer {\(reducer)}: sobel mean \(filtered) against \(plain) unfiltered")
        if sharpens {
            #expect(filtered > plain * 1.05, "SHARPEN: \(filtered) vs \(plain)")
        } else {
            #expect(filtered < plain * 0.95, "\(reducer): \(filtered) vs \(plain)")
        }
    }
}

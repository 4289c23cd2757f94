import Foundation
import Logging
import MediaWorkerJobs
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService
import Testing

/// The worker cuts shorts from uploads routed to a template with a `MediaWorkerShorts`
/// member: the captions uploaded beside the video are burned in, the template's watermark is
/// drawn, every stage's artifact is kept under `analysis/`, and the job record lists each short.
@Suite("Worker: shorts from uploads")
struct WorkerShortsTests {
    /// A shorts template: 2 shorts of 5–12 s, an opaque magenta watermark at (60, 120).
    static func template(watermark: String) -> String {
        #"{"Settings": {"OutputGroups": [{"Name": "Shorts", "OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {}}, "Outputs": [{"NameModifier": "_short", "ContainerSettings": {"Container": "MP4"}, "VideoDescription": {"Width": 1080, "Height": 1920, "VideoPreprocessors": {"ImageInserter": {"InsertableImages": [{"ImageInserterInput": "\#(watermark)", "ImageX": 60, "ImageY": 120, "Layer": 1, "Opacity": 100}]}}, "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "QVBR", "MaxBitrate": 6000000}}}, "AudioDescriptions": [{"AudioSourceName": "Audio Selector 1", "AudioNormalizationSettings": {"Algorithm": "ITU_BS_1770_3", "AlgorithmControl": "CORRECT_AUDIO", "TargetLkfs": -16}, "CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 128000, "CodingMode": "CODING_MODE_2_0", "SampleRate": 48000}}}]}]}]}, "MediaWorkerShorts": {"Count": 2, "MinDuration": 5, "MaxDuration": 12, "PreferredDuration": 8}}"#
    }

    /// The mean RGB of a `w:h:x:y` region of the frame at `seconds`.
    static func meanColour(_ video: String, at seconds: Double, crop: String) async throws -> (Double, Double, Double) {
        let raw = video + ".rgb"
        let result = try await ProcessRunner.run("/usr/bin/ffmpeg", [
            "-nostdin", "-y", "-loglevel", "error", "-ss", String(seconds), "-i", video, "-frames:v", "1", "-vf", "crop=\(crop)",
            "-f", "rawvideo", "-pix_fmt", "rgb24", raw,
        ])
        try #require(result.status == 0, "\(result.stderr)")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: raw)))
        try #require(bytes.count >= 3)
        let pixels = Double(bytes.count / 3)
        var sums = (0.0, 0.0, 0.0)
        for index in stride(from: 0, to: bytes.count - 2, by: 3) {
            sums.0 += Double(bytes[index])
            sums.1 += Double(bytes[index + 1])
            sums.2 += Double(bytes[index + 2])
        }
        return (sums.0 / pixels, sums.1 / pixels, sums.2 / pixels)
    }

    @Test("an upload routed to a shorts template delivers its shorts, their pictures, the analysis and a record listing them; a too-short one fails saying why")
    func shortsFromUploads() async throws {
        let folder = try TestTools.temporaryDirectory("mw-worker-shorts").path
        let watermark = folder + "/watermark.png"
        let made = try await ProcessRunner.run("/usr/bin/ffmpeg", [
            "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=0xff00ff:size=200x100,format=rgba", "-frames:v", "1", watermark,
        ])
        try #require(made.status == 0, "\(made.stderr)")
        try Self.template(watermark: watermark).write(toFile: folder + "/shorts.json", atomically: true, encoding: .utf8)
        try TemplateRoutingTests.template("_default").write(toFile: folder + "/job.json", atomically: true, encoding: .utf8)
        let video = folder + "/episode.mp4"
        try await ShortsProgramme.make(video)
        let srt = ShortsProgramme.captions

        let worker = try InProcessWorker(templates: folder, workerID: "shorts", routes: [TemplateRule(.prefix("inputs/shorts/"), template: "shorts.json")])
        let store = worker.store
        let source = FakeMessageSource(maxAttempts: 1, returnsEmpty: true)
        // The captions beside the upload, put without an event of their own.
        _ = store.put(S3Location(bucket: "watch", key: "inputs/shorts/episode.srt"), bytes: Array(srt.utf8))
        worker.upload("inputs/shorts/episode.mp4", bytes: Array(try Data(contentsOf: URL(fileURLWithPath: video))), to: source, id: "m1")
        let clip = Array(try Data(contentsOf: URL(fileURLWithPath: try await MediaCorpus.shared.path("three_seconds.mp4"))))
        worker.upload("inputs/shorts/tiny.mp4", bytes: clip, to: source, id: "m2")
        try await worker.drain(source)

        let keys = store.keys("delivery")
        let record = try DeliveryReport.decode(Data(try #require(store.bytes("delivery", "json/shorts/episode.json"), "\(keys)")))
        #expect(record.status == .complete, "\(String(describing: record.error))")
        #expect(record.job?.template == "shorts.json")
        let shorts = try #require(record.shorts)
        #expect(shorts.count == 2, "\(shorts)")
        #expect(!keys.contains { $0.hasPrefix("audiovideo/") }, "a shorts template makes shorts, not renditions: \(keys)")
        for name in ["signals.json", "shots.json", "candidates.json", "camera.json"] {
            #expect(keys.contains("analysis/shorts/episode/\(name)"), "\(keys)")
        }
        #expect(keys.contains("shorts/shorts/episode_shorts.json") && keys.contains("thumbnail/shorts/episode.jpg") && keys.contains("original/shorts/episode.mp4"))
        // Every object the record names is delivered, and the record names every delivered object.
        #expect(Set(record.outputs.map(\.path)) == Set(keys.filter { !$0.hasPrefix("json/") && !$0.contains("tiny") }), "\(record.outputs.map(\.path)) vs \(keys)")
        #expect(record.outputs.filter { $0.role == .short }.map(\.path).sorted() == shorts.map(\.video).sorted())
        for short in shorts {
            #expect(short.video == "shorts/shorts/episode_short\(short.rank).mp4" && short.thumbnail == "shorts/shorts/episode_short\(short.rank).jpg")
            #expect(short.end - short.start >= 5 - 1e-6 && short.end - short.start <= 12 + 1e-6, "\(short)")
            #expect(keys.contains(try #require(short.thumbnail)))
        }
        // The record, shorts included, is what the schema says.
        let recordFile = folder + "/record.json"
        try Data(try #require(store.bytes("delivery", "json/shorts/episode.json"))).write(to: URL(fileURLWithPath: recordFile))
        let schema = Fixtures.repositoryRoot.appendingPathComponent("schemas/delivery-metadata.v1.schema.json").path
        let valid = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("validate_schema.py"), schema, recordFile])
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
        // The captions uploaded beside the video were read: every window has caption density.
        #expect(shorts.allSatisfy { $0.signals.captions > 0 }, "\(shorts.map(\.signals))")

        let first = folder + "/short1.mp4"
        try Data(try #require(store.bytes("delivery", shorts[0].video))).write(to: URL(fileURLWithPath: first))
        let stream = try #require(try await FFmpegTools.streams(first).first { $0["codec_type"] as? String == "video" })
        #expect(stream["width"] as? Int == 1080 && stream["height"] as? Int == 1920)
        // The template's watermark: magenta at (60, 120), 200×100, opaque.
        let inside = try await Self.meanColour(first, at: 1, crop: "120:60:100:140")
        #expect(inside.0 > 200 && inside.1 < 60 && inside.2 > 200, "watermark region \(inside)")

        let failed = try DeliveryReport.decode(Data(try #require(store.bytes("delivery", "json/shorts/tiny.json"))))
        #expect(failed.status == .failed)
        #expect(failed.error?.code == .unsupportedContent, "\(String(describing: failed.error))")
        #expect(failed.error?.message.contains("shorter than the shortest short") == true, "\(String(describing: failed.error?.message))")
    }
}

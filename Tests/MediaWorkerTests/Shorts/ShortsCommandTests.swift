import Foundation
import MediaWorkerJSON
import MediaWorkerJobs
import Testing

/// `media-worker shorts` end to end on a generated programme: the kept artifacts, the captions
/// found beside the video, and `--rescore` without the video.
@Suite("Shorts command")
struct ShortsCommandTests {
    static func template(_ weights: String) -> String {
        #"{"Settings": {"OutputGroups": [{"Name": "Shorts", "OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {}}, "Outputs": [{"NameModifier": "_short", "ContainerSettings": {"Container": "MP4"}, "VideoDescription": {"Width": 1080, "Height": 1920, "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "QVBR", "MaxBitrate": 6000000}}}}]}]}, "MediaWorkerShorts": {"Count": 2, "MinDuration": 5, "MaxDuration": 12, "PreferredDuration": 8, "Weights": \#(weights)}}"#
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: path), "\(path) missing")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("analyses once, keeps the four artifacts, uses the captions beside the video; --rescore re-ranks without it")
    func endToEnd() async throws {
        let folder = try TestTools.temporaryDirectory("mw-shorts-cli").path
        let video = folder + "/episode.mp4"
        try await ShortsProgramme.make(video)
        let srt = ShortsProgramme.captions
        try srt.write(toFile: folder + "/episode.srt", atomically: true, encoding: .utf8)
        let balanced = folder + "/balanced.json"
        try Self.template(#"{"Motion": 1, "Loudness": 1}"#).write(toFile: balanced, atomically: true, encoding: .utf8)
        let out = folder + "/out"
        let run = try await ProcessRunner.run(try TestTools.mediaWorker(), ["shorts", video, "--output-dir", out, "--template", balanced])
        try #require(run.status == 0, "\(run.stderr)\(run.stdout)")
        #expect(run.stdout.contains("7 caption cues"), "\(run.stdout)")
        let directory = out + "/analysis/episode"
        for name in ["signals.json", "shots.json", "candidates.json", "camera.json"] {
            #expect(try Self.json(directory + "/" + name)["version"] as? Int == 1, "\(name)")
        }
        let shots = try #require(try Self.json(directory + "/shots.json")["body"] as? [String: Any])
        let cuts = try #require(shots["cuts"] as? [Double])
        #expect(cuts.count == 2 && abs(cuts[0] - 10) <= 0.21 && abs(cuts[1] - 20) <= 0.21, "\(cuts)")
        let camera = try #require(try Self.json(directory + "/camera.json")["body"] as? [String: Any])
        #expect(camera["windowWidth"] as? Int == 202 && camera["windowHeight"] as? Int == 360)
        func chosen() throws -> [[String: Any]] {
            let body = try #require(try Self.json(directory + "/candidates.json")["body"] as? [String: Any])
            return try #require(body["chosen"] as? [[String: Any]])
        }
        let first = try chosen()
        #expect(first.count == 2)
        for short in first {
            let (start, end) = (short["start"] as? Double ?? -1, short["end"] as? Double ?? -1)
            #expect(end - start >= 5 - 1e-6 && end - start <= 12 + 1e-6, "\(start)–\(end)")
        }

        // Without the video: re-ranking reads only the kept candidates.
        try FileManager.default.removeItem(atPath: video)
        let loudOnly = folder + "/loud.json"
        try Self.template(#"{"Speech": 0, "Captions": 0, "Loudness": 1, "Motion": 0, "Faces": 0, "Cuts": 0, "SilencePenalty": 0, "StaticPenalty": 0}"#)
            .write(toFile: loudOnly, atomically: true, encoding: .utf8)
        let again = try await ProcessRunner.run(try TestTools.mediaWorker(), ["shorts", video, "--output-dir", out, "--template", loudOnly, "--rescore"])
        try #require(again.status == 0, "\(again.stderr)")
        let top = try #require(try chosen().first)
        let (start, end) = (top["start"] as? Double ?? -1, top["end"] as? Double ?? -1)
        #expect(start >= 20 && start <= 24 && end >= 26 && end <= 30.5, "loudest window \(start)–\(end)")
        let motionOnly = folder + "/motion.json"
        try Self.template(#"{"Speech": 0, "Captions": 0, "Loudness": 0, "Motion": 1, "Faces": 0, "Cuts": 0, "SilencePenalty": 0, "StaticPenalty": 0}"#)
            .write(toFile: motionOnly, atomically: true, encoding: .utf8)
        let third = try await ProcessRunner.run(try TestTools.mediaWorker(), ["shorts", video, "--output-dir", out, "--template", motionOnly, "--rescore"])
        try #require(third.status == 0, "\(third.stderr)")
        let moving = try #require(try chosen().first)
        #expect((moving["end"] as? Double ?? 99) <= 10.5, "most motion: the testsrc2 shot, got \(moving)")
    }

    @Test("shorts.json validates, and its MediaConvert request leaves the MediaWorkerShorts member out and passes botocore's model")
    func shippedTemplate() async throws {
        let template = try JobTemplate.load(path: Fixtures.repositoryRoot.appendingPathComponent("job-templates/shorts.json").path)
        #expect(template.extensions.map(\.key) == ["MediaWorkerShorts"])
        #expect(!template.jobMembers.contains { $0.key == "MediaWorkerShorts" })
        let job = try await InlineTemplates.plan(template)
        #expect(job.request["MediaWorkerShorts"] == nil)
        #expect(!JSONWriter.write(job.request).contains("MediaWorker"))
        let errors = try await BotocoreModel.errors([job.request])
        #expect(errors == [[]], "\(errors)")
    }
}

import Foundation
import Testing

/// `media-worker shorts s3://…` against moto with signatures checked: the video, the captions
/// beside it and the template's `s3://` watermark are downloaded, as the worker downloads them.
@Suite("Shorts command on S3")
struct ShortsS3CommandTests {
    @Test("renders a short of an S3 video with the captions beside it and the template's S3 watermark; a missing or https:// watermark fails naming it")
    func fromS3() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let stack = try await WorkerStack.make(endpoint: moto.endpoint, credentials: moto.credentials)
        let folder = try TestTools.temporaryDirectory("mw-shorts-s3").path
        let watermark = folder + "/watermark.png"
        let made = try await ProcessRunner.run("/usr/bin/ffmpeg", [
            "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=0xff00ff:size=200x100,format=rgba", "-frames:v", "1", watermark,
        ])
        try #require(made.status == 0, "\(made.stderr)")
        let video = folder + "/episode.mp4"
        try await ShortsProgramme.make(video)
        try ShortsProgramme.captions.write(toFile: folder + "/episode.srt", atomically: true, encoding: .utf8)
        try await stack.upload(video, key: "inputs/shorts/episode.mp4")
        try await stack.upload(folder + "/episode.srt", key: "inputs/shorts/episode.srt")
        try await stack.upload(watermark, key: "assets/watermark.png")
        func template(_ image: String) throws -> String {
            let path = folder + "/shorts-\(UUID().uuidString.prefix(6)).json"
            try WorkerShortsTests.template(watermark: image).replacingOccurrences(of: #""Count": 2"#, with: #""Count": 1"#)
                .write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let binary = try TestTools.mediaWorker()
        let out = folder + "/out"
        let source = "s3://\(stack.watch)/inputs/shorts/episode.mp4"

        let run = try await ProcessRunner.run(
            binary, ["shorts", source, "--output-dir", out, "--template", try template("s3://\(stack.watch)/assets/watermark.png")],
            environment: stack.environment())
        try #require(run.status == 0, "\(run.stderr.suffix(3000))\(run.stdout)")
        #expect(run.stdout.contains("7 caption cues"), "the SRT beside the video in S3 was read: \(run.stdout)")
        let short = out + "/shorts/episode_short1.mp4"
        #expect(run.stdout.contains("wrote shorts/episode_short1.mp4"), "\(run.stdout)")
        let stream = try #require(try await FFmpegTools.streams(short).first { $0["codec_type"] as? String == "video" })
        #expect(stream["width"] as? Int == 1080 && stream["height"] as? Int == 1920)
        let inside = try await WorkerShortsTests.meanColour(short, at: 1, crop: "120:60:100:140")
        #expect(inside.0 > 200 && inside.1 < 60 && inside.2 > 200, "the S3 watermark drawn at (60, 120): \(inside)")
        #expect(FileManager.default.fileExists(atPath: out + "/analysis/episode/camera.json"))

        let missing = try await ProcessRunner.run(
            binary, ["shorts", source, "--output-dir", folder + "/out2", "--template", try template("s3://\(stack.watch)/assets/gone.png")],
            environment: stack.environment())
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("s3://\(stack.watch)/assets/gone.png") && missing.stderr.contains("ImageInserterInput"), "\(missing.stderr)")
        let web = try await ProcessRunner.run(
            binary, ["shorts", source, "--output-dir", folder + "/out3", "--template", try template("https://example.com/logo.png")],
            environment: stack.environment())
        #expect(web.status != 0)
        #expect(web.stderr.contains("https://example.com/logo.png") && web.stderr.contains("neither a local file nor in S3"), "\(web.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out2/shorts") && !FileManager.default.fileExists(atPath: folder + "/out3/shorts"))
    }
}

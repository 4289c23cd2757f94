import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import Testing

/// The `MediaWorkerThumbnails` extension: sprite sheets and a WebVTT thumbnails track, checked
/// by Tests/Helpers/check_thumbnails.py (its own WebVTT parse, ffprobe, ffmpeg crops and PSNR).
@Suite("Scrub-bar sprite sheets and the WebVTT thumbnails track (MediaWorkerThumbnails)")
struct ThumbnailTrackTests {
    static let member = #""MediaWorkerThumbnails": {"IntervalSeconds": 2, "Width": 160, "Columns": 2, "Rows": 2, "Quality": 80}"#

    /// An HLS template (no captions, muxed audio) with the extension beside its `Settings`.
    static func template(_ member: String = member) throws -> JobTemplate {
        let text = "{\"Settings\": \(HLSPackageTests.templateText(HLSPackageTests.cases[2])), \(member)}"
        return try JobTemplate.parse(Array(text.utf8), name: "hls-thumbnails.json")
    }

    /// An 11 s 320×180 moving picture with a tone: six tiles at 2 s, the last cue 10–11 s.
    static func source() async throws -> String {
        let file = try TestTools.temporaryDirectory("mw-sprite-source").appendingPathComponent("clip.mp4").path
        try await FFmpegTools.run([
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=11", "-f", "lavfi", "-i", "sine=frequency=440:duration=11",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file,
        ])
        return file
    }

    static func run(_ template: JobTemplate, file: String) async throws -> (root: String, outputs: [LocalJobOutput]) {
        let root = try TestTools.temporaryDirectory("mw-sprite-package").path
        let outputs = try await blocking { () throws -> [LocalJobOutput] in
            let metadata = try MediaProber().probe(.file(file))
            let job = try JobPlanner(submission: JobSubmission(role: "local")).plan(
                template: template, metadata: metadata, source: JobSource(bucket: "local", key: "inputs/clip.mp4", etag: ""),
                destination: DeliveryLayout(key: "inputs/clip.mp4").jobDestination(bucket: "local"))
            return try LocalJobExecutor(ladder: LadderOptions(preset: "ultrafast")).execute(
                job, template: template, file: file, outputRoot: root, thumbnailsStem: "thumbnail/clip").outputs
        }
        return (root, outputs)
    }

    static func check(track: String, source: String) async throws -> (status: Int32, summary: [String: Any]) {
        let python = try TestTools.python()
        let arguments = [Fixtures.repositoryRoot.appendingPathComponent("Tests/Helpers/check_thumbnails.py").path, track, source]
        let result = try await blocking { try ProcessRunner.runBlocking(python, arguments) }
        let summary = try #require((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any], "\(result.stdout) \(result.stderr)")
        return (result.status, summary)
    }

    @Test("an HLS group with 2×2 tiles every 2 s: two sheets, six contiguous cues to the end, each tile inside its sheet and the source's frame at its cue")
    func track() async throws {
        let template = try Self.template()
        #expect(template.thumbnails?.intervalSeconds == 2 && template.thumbnails?.columns == 2 && template.thumbnails?.quantizer == 8)
        #expect(!template.localWarnings.contains { $0.path.contains("MediaWorker") }, "\(template.localWarnings)")
        let file = try await Self.source()
        let (root, outputs) = try await Self.run(template, file: file)
        let sprites = outputs.filter { $0.role == .sprite }
        #expect(sprites.map(\.path) == ["thumbnail/clip_sprite_1.jpg", "thumbnail/clip_sprite_2.jpg"], "\(outputs.map(\.path))")
        #expect(sprites.allSatisfy { $0.width == 320 && $0.height == 180 }, "\(sprites)")
        let track = try #require(outputs.first { $0.role == .thumbnailTrack })
        #expect(track.path == "thumbnail/clip_thumbnails.vtt" && abs((track.duration ?? 0) - 11) < 0.1, "\(track)")
        #expect(outputs.contains { $0.role == .playlist }, "the HLS package is still made: \(outputs.map(\.path))")

        let (status, summary) = try await Self.check(track: root + "/" + track.path, source: file)
        #expect(status == 0, "\(summary["errors"] ?? "")")
        let rules = try #require(summary["rules"] as? [String: Int])
        #expect(summary["cues"] as? Int == 6 && summary["sheets"] as? Int == 2, "\(summary)")
        #expect(rules["xywh-inside-sprite"] == 6 && rules["tile-matches-frame"] == 6 && rules["cues-contiguous"] == 5 && rules["tile-is-its-time"] == 5, "\(rules)")
        #expect(rules["cues-cover-duration"] == 1 && rules["cues-start-at-zero"] == 1, "\(rules)")
    }

    @Test("the checker fails a track with a gap, a rectangle outside its sheet, or a tile of another time")
    func checkerFails() async throws {
        let file = try await Self.source()
        let (root, outputs) = try await Self.run(try Self.template(), file: file)
        let path = root + "/" + (try #require(outputs.first { $0.role == .thumbnailTrack })).path
        let good = try String(contentsOfFile: path, encoding: .utf8)
        let broken: [(String, String, String)] = [
            ("00:00:04.000 --> 00:00:06.000", "00:00:04.500 --> 00:00:06.000", "cues-contiguous"),
            ("clip_sprite_1.jpg#xywh=160,90,160,90", "clip_sprite_1.jpg#xywh=200,90,160,90", "xywh-inside-sprite"),
            ("clip_sprite_1.jpg#xywh=0,90,160,90", "clip_sprite_1.jpg#xywh=160,90,160,90", "tile-is-its-time"),
        ]
        for (from, to, expected) in broken {
            #expect(good.contains(from), "\(good)")
            try Data(good.replacingOccurrences(of: from, with: to).utf8).write(to: URL(fileURLWithPath: path))
            let (status, summary) = try await Self.check(track: path, source: file)
            let errors = (summary["errors"] as? [String] ?? []).joined(separator: "\n")
            #expect(status == 1 && errors.contains(expected), "\(to): \(errors)")
        }
    }

    @Test("an out-of-range value or an unknown member of MediaWorkerThumbnails is refused at load, with its path")
    func refused() throws {
        for (member, path) in [
            (#""MediaWorkerThumbnails": {"IntervalSeconds": 0}"#, "MediaWorkerThumbnails.IntervalSeconds"),
            (#""MediaWorkerThumbnails": {"Columns": 5, "Colums": 5}"#, "MediaWorkerThumbnails.Colums"),
            (#""MediaWorkerThumbnails": {"Quality": "high"}"#, "MediaWorkerThumbnails.Quality"),
        ] {
            let error = #expect(throws: TemplateError.self) { try Self.template(member) }
            #expect(error?.issues.contains { $0.path == path } == true, "\(String(describing: error?.issues))")
        }
    }
}

import Foundation
import Testing

@Suite("media-worker process, probe and thumbnail commands")
struct ProcessCommandTests {
    func run(_ arguments: [String]) async throws -> ProcessResult {
        let binary = try TestTools.mediaWorker()
        return try await blocking { try ProcessRunner.runBlocking(binary, arguments) }
    }

    func report(_ folder: URL, _ stem: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("json/\(stem).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func validate(_ documents: [String], schema: String = "delivery-metadata.v1.schema.json") async throws {
        let path = Fixtures.repositoryRoot.appendingPathComponent("schemas/\(schema)").path
        let python = try TestTools.python()
        let result = try await blocking { try ProcessRunner.runBlocking(python, [TestTools.helper("validate_schema.py"), path] + documents) }
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test("a video delivers original, renditions, thumbnail and a complete metadata JSON")
    func video() async throws {
        let input = try await MediaCorpus.shared.path("three_seconds.mp4")
        let folder = try TestTools.temporaryDirectory("mw-process")
        let result = try await run(["process", input, "--output-dir", folder.path, "--key", "inputs/show/clip.mp4"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = Set(FileManager.default.subpaths(atPath: folder.path)?.filter { !$0.hasSuffix("/") && $0.contains(".") } ?? [])
        #expect(files.isSuperset(of: ["original/show/clip.mp4", "audiovideo/show/clip_360p.mp4", "thumbnail/show/clip.jpg", "json/show/clip.json"]))
        #expect(!files.contains { $0.contains("partial") })
        #expect(FileManager.default.contentsEqual(atPath: input, andPath: folder.appendingPathComponent("original/show/clip.mp4").path))
        let json = try report(folder, "show/clip")
        #expect(json["status"] as? String == "COMPLETE")
        #expect(json["kind"] as? String == "video")
        let roles = (json["outputs"] as? [[String: Any]] ?? []).compactMap { $0["role"] as? String }
        #expect(roles == ["original", "thumbnail", "rendition"])
        try await validate([folder.appendingPathComponent("json/show/clip.json").path])
    }

    @Test("audio: MP3 delivered as is, WAV/FLAC/M4A/Opus as AAC .m4a; no thumbnail", arguments: MediaCorpus.audioFiles)
    func audio(_ name: String) async throws {
        let input = try await MediaCorpus.shared.path(name)
        let folder = try TestTools.temporaryDirectory("mw-audio")
        let result = try await run(["process", input, "--output-dir", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        let stem = String(name.split(separator: ".")[0])
        let json = try report(folder, stem)
        #expect(json["status"] as? String == "COMPLETE")
        #expect(json["kind"] as? String == "audio")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("thumbnail").path))
        if name.hasSuffix(".mp3") {
            #expect(FileManager.default.contentsEqual(atPath: input, andPath: folder.appendingPathComponent("audiovideo/\(stem).mp3").path))
        } else {
            let output = folder.appendingPathComponent("audiovideo/\(stem).m4a").path
            let streams = try await FFmpegTools.streams(output)
            #expect(streams.count == 1)
            #expect(streams.first?["codec_name"] as? String == "aac")
            #expect(streams.first?["sample_rate"] as? String == "48000")
            let duration = Double((try await FFmpegTools.probe(output)["format"] as? [String: Any])?["duration"] as? String ?? "") ?? 0
            #expect(abs(duration - 5) < 0.2)
        }
        try await validate([folder.appendingPathComponent("json/\(stem).json").path])
    }

    @Test("captions become closed-caption/<name>.vtt with a report; a malformed file fails with its line")
    func captions() async throws {
        let folder = try TestTools.temporaryDirectory("mw-captions")
        let good = folder.appendingPathComponent("talk.srt")
        try "1\n00:00:01,000 --> 00:00:02,000\nHi\n".write(to: good, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        #expect(try await run(["process", good.path, "--output-dir", out.path]).status == 0)
        #expect(try String(contentsOf: out.appendingPathComponent("closed-caption/talk.vtt"), encoding: .utf8) == "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHi\n")
        let bad = folder.appendingPathComponent("broken.srt")
        try "1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\nnonsense\n".write(to: bad, atomically: true, encoding: .utf8)
        let failed = try await run(["process", bad.path, "--output-dir", out.path])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("line 6"))
        // Caption metadata keeps the extension (json/<name>.srt.json), apart from a video's.
        let json = try report(out, "broken.srt")
        #expect(json["status"] as? String == "FAILED")
        #expect((json["error"] as? [String: Any])?["code"] as? String == "malformed_captions")
        try await validate([out.appendingPathComponent("json/talk.srt.json").path, out.appendingPathComponent("json/broken.srt.json").path])
    }

    @Test("broken uploads: exit 1 with a one-line reason, the original kept, a failed JSON", arguments: MediaCorpus.brokenFiles)
    func broken(_ name: String) async throws {
        let input = try await MediaCorpus.shared.path(name)
        let folder = try TestTools.temporaryDirectory("mw-broken")
        let result = try await run(["process", input, "--output-dir", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("media-worker: ") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        let stem = String(name.split(separator: ".")[0])
        let json = try report(folder, stem)
        #expect(json["status"] as? String == "FAILED")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("original/\(name)").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("audiovideo").path))
        try await validate([folder.appendingPathComponent("json/\(stem).json").path])
    }

    @Test("a plupload partial is ignored: nothing written")
    func chunk() async throws {
        let input = try await MediaCorpus.shared.path("three_seconds.mp4")
        let folder = try TestTools.temporaryDirectory("mw-chunk")
        let result = try await run(["process", input, "--output-dir", folder.path, "--key", "inputs/three_seconds.mp4.CHUNK0"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("ignored"))
        #expect((try FileManager.default.contentsOfDirectory(atPath: folder.path)).isEmpty)
    }

    @Test("probe prints schema-valid JSON; thumbnail writes a JPEG; errors are one line")
    func probeAndThumbnail() async throws {
        let input = try await MediaCorpus.shared.path("h264_aac.mp4")
        let folder = try TestTools.temporaryDirectory("mw-cli")
        let probe = try await run(["probe", input])
        #expect(probe.status == 0)
        let json = folder.appendingPathComponent("probe.json")
        try probe.stdout.write(to: json, atomically: true, encoding: .utf8)
        try await validate([json.path], schema: "media-probe.v1.schema.json")
        let thumbnail = try await run(["thumbnail", input, "--output", folder.appendingPathComponent("t.jpg").path, "--at", "2"])
        #expect(thumbnail.status == 0)
        #expect(thumbnail.stdout.contains("frame at 2.000 s"))
        let missing = try await run(["probe", "/nonexistent.mp4"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "media-worker: /nonexistent.mp4 does not exist or cannot be read\n")
    }
}

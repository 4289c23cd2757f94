import Foundation
import MediaWorkerMedia
import Testing

/// FFmpeg is loaded on first media work, not at start: the binary does not link it, S3
/// commands never map it, media commands load it, and the generated forwarders match the
/// installed headers.
@Suite("FFmpeg loaded on first use")
struct FFmpegLoadingTests {
    @Test("the committed forwarders are what the installed headers generate")
    func forwardersCurrent() async throws {
        let result = try await ProcessRunner.run(try TestTools.python(), [
            Fixtures.repositoryRoot.appendingPathComponent("scripts/generate_ffmpeg_loader.py").path, "--check",
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test("the binary does not link FFmpeg; --help does not load it, probe and --version do")
    func loadedOnlyForMedia() async throws {
        let binary = try TestTools.mediaWorker()
        let needed = try await ProcessRunner.run("/usr/bin/readelf", ["-d", binary])
        #expect(needed.status == 0)
        #expect(needed.stdout.contains("libcurl.so"))
        #expect(!needed.stdout.contains("libavformat") && !needed.stdout.contains("libavcodec") && !needed.stdout.contains("libswscale"))

        // LD_DEBUG=files makes the dynamic loader log every library it opens.
        let environment = ProcessInfo.processInfo.environment.merging(["LD_DEBUG": "files"]) { $1 }
        let help = try await ProcessRunner.run(binary, ["--help"], environment: environment)
        #expect(help.status == 0)
        #expect(help.stderr.contains("libcurl.so"))
        #expect(!help.stderr.contains("libavformat.so"))

        let clip = try await MediaCorpus.shared.path("three_seconds.mp4")
        let probe = try await ProcessRunner.run(binary, ["probe", clip], environment: environment)
        #expect(probe.status == 0, "\(probe.stderr.suffix(2000))")
        #expect(probe.stderr.contains("file=libavformat.so.59"))
        #expect(probe.stdout.contains("\"h264\""))

        let version = try await ProcessRunner.run(binary, ["--version"])
        #expect(version.stdout.contains("libavformat 59."))
    }

    @Test("in-process: media entry points load FFmpeg")
    func inProcess() throws {
        try FFmpegLibraries.load()
        #expect(FFmpegLibraries.isLoaded)
        #expect(FFmpegLibraries.hasEncoder("libx264"))
        #expect(FFmpegLibraries.versions.hasPrefix("libavformat 59."))
    }
}

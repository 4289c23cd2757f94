import Foundation
import Testing

/// Mutated media (Tests/Helpers/mutate_media.py) through `probe` and `thumbnail`: every run
/// ends with status 0 or a one-line typed error (1), never a signal, within 4 GiB of address
/// space, and before 120 s (a limit that only catches a hang, whatever the machine's speed). `make reliability` runs 600 mutants; this short version 60.
@Suite("Mutated media")
struct MutatedMediaTests {
    @Test("60 mutants of 6 containers: no crash, no hang, no memory blow-up")
    func mutants() async throws {
        let corpus = MediaCorpus.shared
        var files: [String] = []
        for name in ["three_seconds.mp4", "hevc_aac.mkv", "vp9_opus.webm", "mpeg2_mp2.ts", "audio.mp3", "prores_pcm.mov"] {
            files.append(try await corpus.path(name))
        }
        let result = try await ProcessRunner.run(try TestTools.python(), [
            TestTools.helper("mutate_media.py"), "--binary", try TestTools.mediaWorker(), "--count", "60", "--seed", "7", "--seconds", "120",
            "--memory-mib", TestTools.sanitized ? "0" : "4096",
        ] + files)
        let line = try #require(result.stdout.split(separator: "\n").last)
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(result.status == 0, "\(counts["problems"] ?? "")")
        #expect((counts["runs"] as? Int) == 120)
        #expect((counts["other"] as? Int) == 0 && (counts["timeouts"] as? Int) == 0)
        #expect(((counts["exit_1"] as? Int) ?? 0) > 0, "no mutant was refused: the mutations did nothing")
    }
}

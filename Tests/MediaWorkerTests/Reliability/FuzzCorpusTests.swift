import Foundation
import Testing

/// The fuzzers' committed corpora (Fuzz/Corpus, grown by `make fuzz`) replayed through the
/// same harnesses built without libFuzzer: every input that ever found new coverage, and
/// every crash found and fixed, runs again in each `make test`.
@Suite("Fuzz corpora replay")
struct FuzzCorpusTests {
    @Test("Each harness replays its corpus without a crash", arguments: ["FuzzEventDecoder", "FuzzS3XML", "FuzzJobTemplate", "FuzzCaptions"])
    func replay(target: String) async throws {
        let corpus = Fixtures.repositoryRoot.appendingPathComponent("Fuzz/Corpus/\(target)")
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path)
        #expect(files.count >= 3, "the \(target) corpus is nearly empty")
        let result = try await ProcessRunner.run(try TestTools.builtExecutable(target), [corpus.path], environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        #expect(result.stdout.contains("replayed \(files.count) inputs"), "\(result.stdout)")
    }
}

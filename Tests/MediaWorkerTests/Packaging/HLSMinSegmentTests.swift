import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import Testing

/// `HlsGroupSettings.MinSegmentLength`, checked by check_package.py's `segment-at-least-min`
/// rule (PyPI's m3u8 reads the durations) and its ffprobe/ffmpeg decoding to the end.
@Suite("HLS MinSegmentLength: no segment shorter than the minimum, the package still whole")
struct HLSMinSegmentTests {
    static let cases: [HLSPackageTests.Case] = [
        .init(name: "TS segments", group: #""SegmentLength": 3, "MinSegmentLength": 3"#, captions: false),
        .init(name: "fMP4 segments", group: #""SegmentLength": 3, "MinSegmentLength": 3"#, container: "CMFC", captions: false),
        .init(name: "TS in one file with byte ranges", group: #""SegmentLength": 3, "MinSegmentLength": 3, "SegmentControl": "SINGLE_FILE""#, captions: false),
    ]

    static func check(root: String, minimum: Double) async throws -> (status: Int32, summary: [String: Any]) {
        let python = try TestTools.python()
        let arguments = [
            Fixtures.repositoryRoot.appendingPathComponent("Tests/Helpers/check_package.py").path, root, "audiovideo/clip.m3u8", "--min-segment", String(minimum),
        ]
        let result = try await blocking { try ProcessRunner.runBlocking(python, arguments) }
        let summary = try #require((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any], "\(result.stdout) \(result.stderr)")
        return (result.status, summary)
    }

    @Test("11 s cut every 3 s with MinSegmentLength 3: the 2 s remainder joins the segment before; every URI resolves, every rendition decodes to the end, no file is left unnamed", arguments: cases)
    func minimum(_ test: HLSPackageTests.Case) async throws {
        let file = try await ThumbnailTrackTests.source()
        let (root, outputs) = try await HLSPackageTests.package(try HLSPackageTests.template(test), file: file)
        let (status, summary) = try await Self.check(root: root, minimum: 3)
        #expect(status == 0, "\(summary["errors"] ?? "")")
        let rules = try #require(summary["rules"] as? [String: Int])
        #expect(rules["decodes-to-end"] == 3 && rules["segment-at-least-min"] == 9, "three renditions of three segments: \(rules)")
        var named: Set<String> = []
        for output in outputs where output.path.hasSuffix(".m3u8") {
            named.insert(output.path)
            if output.role != .playlist { named.formUnion(try HLSDeliveryTests.uris(root: root, playlist: output.path)) }
            #expect(output.role == .playlist || output.segments == 3, "\(output.path): \(String(describing: output.segments)) segments")
        }
        let files = Set(try HLSPackageTests.files(root))
        #expect(files == named, "on disk, not named: \(files.subtracting(named)); named, missing: \(named.subtracting(files))")
    }

    @Test("the same group without MinSegmentLength has a 2 s last segment, and the checker's rule reports it")
    func control() async throws {
        let file = try await ThumbnailTrackTests.source()
        let test = HLSPackageTests.Case(name: "TS", group: #""SegmentLength": 3"#, captions: false)
        let (root, _) = try await HLSPackageTests.package(try HLSPackageTests.template(test), file: file)
        let (status, summary) = try await Self.check(root: root, minimum: 3)
        let errors = (summary["errors"] as? [String] ?? []).joined(separator: "\n")
        #expect(status == 1 && errors.contains("segment-at-least-min: clip_180p.m3u8: clip_180p_00004.ts lasts 2"), "\(errors)")
    }
}

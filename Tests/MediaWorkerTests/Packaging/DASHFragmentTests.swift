import Foundation
import MediaWorkerJobs
import Testing

/// DASH `FragmentLength` shorter than `SegmentLength`: segments of several fragments, read
/// box by box; `MinFinalSegmentLength` joins a short last segment to the one before.
@Suite("DASH FragmentLength and MinFinalSegmentLength: segments of several fragments, each indexed by one sidx")
struct DASHFragmentTests {
    /// The top-level boxes of an MP4 file: type and payload.
    static func boxes(_ path: String) throws -> [(type: String, body: Data)] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var result: [(String, Data)] = []
        var offset = 0
        while offset + 8 <= data.count {
            let size = data[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: data[(offset + 4)..<(offset + 8)], as: UTF8.self)
            guard size >= 8, offset + size <= data.count else { break }
            result.append((type, Data(data[(offset + 8)..<(offset + size)])))
            offset += size
        }
        return result
    }

    /// A `sidx` payload's total duration in seconds.
    static func sidxSeconds(_ body: Data) -> Double {
        func integer(_ at: Int, _ bytes: Int) -> Int { body[at..<(at + bytes)].reduce(0) { $0 << 8 | Int($1) } }
        let version = body[0]
        let timescale = integer(8, 4)
        let references = version == 0 ? 20 : 28
        let count = integer(references + 2, 2)
        let total = (0..<count).reduce(0) { $0 + (integer(references + 4 + $1 * 12 + 4, 4)) }
        return Double(total) / Double(max(1, timescale))
    }

    /// The 180p representation's segments: their fragment (`moof`) counts and sidx durations.
    static func run(extra: String) async throws -> (moofs: [Int], seconds: [Double], root: String) {
        let template = try DASHPackageTests.template(type: "DASH_ISO_GROUP_SETTINGS", member: "DashIsoGroupSettings", container: "MPD", extra: extra)
        #expect(!template.localWarnings.contains { $0.path.contains("DashIsoGroupSettings") }, "\(template.localWarnings)")
        let (root, _) = try await HLSPackageTests.package(template, file: try await HLSPackageTests.source(seconds: 10))
        let segments = try HLSPackageTests.files(root).filter { $0.hasPrefix("audiovideo/clip_180p_") && $0.hasSuffix(".mp4") }
        var moofs: [Int] = []
        var seconds: [Double] = []
        for segment in segments {
            let boxes = try Self.boxes(root + "/" + segment)
            #expect(boxes.first?.type == "styp" && boxes.filter { $0.type == "styp" }.count == 1, "\(segment): \(boxes.map(\.type))")
            let indexes = boxes.filter { $0.type == "sidx" }
            #expect(indexes.count == 1, "\(segment): \(boxes.map(\.type))")
            moofs.append(boxes.filter { $0.type == "moof" }.count)
            seconds.append(indexes.first.map { Self.sidxSeconds($0.body) } ?? 0)
        }
        let summary = try await HLSPackageTests.check(root: root, master: "audiovideo/clip.mpd")
        #expect((summary["rules"] as? [String: Int])?["mpd-segment-count"] == 3, "\(summary)")
        return (moofs, seconds, root)
    }

    @Test("SegmentLength 4, FragmentLength 1: 4 s segments of four 1 s fragments, the last one 2 s")
    func fragments() async throws {
        let (moofs, seconds, root) = try await Self.run(extra: #""SegmentLength": 4, "FragmentLength": 1, "SegmentControl": "SEGMENTED_FILES""#)
        #expect(moofs == [4, 4, 2], "\(moofs)")
        #expect(seconds.count == 3 && zip(seconds, [4.0, 4, 2]).allSatisfy { abs($0 - $1) < 0.05 }, "\(seconds)")
        // The MPD's timeline says the same: 4 s twice, then 2 s (timescale 90000).
        let mpd = try String(contentsOfFile: root + "/audiovideo/clip.mpd", encoding: .utf8)
        #expect(mpd.contains(#"<S t="0" d="360000" r="1"/>"#) && mpd.contains(#"d="180000""#), "\(mpd)")
    }

    @Test("MinFinalSegmentLength 3: the 2 s last segment is joined to the one before (4 s, then 6 s)")
    func finalSegment() async throws {
        let (moofs, seconds, _) = try await Self.run(
            extra: #""SegmentLength": 4, "FragmentLength": 1, "MinFinalSegmentLength": 3, "SegmentControl": "SEGMENTED_FILES""#)
        #expect(moofs == [4, 6], "\(moofs)")
        #expect(seconds.count == 2 && zip(seconds, [4.0, 6]).allSatisfy { abs($0 - $1) < 0.05 }, "\(seconds)")
    }
}

import Foundation
import MediaWorkerJobs
import MediaWorkerPipeline
import Testing

/// An HLS package through the worker (LocalStack S3 + SQS), read back by an independent
/// client through presigned URLs and checked like the local ones.
@Suite("HLS packages delivered by the worker and read back through presigned URLs")
struct HLSDeliveryTests {
    @Test("every URI of every playlist is a delivered object, the record lists each playlist's segments, nothing is left unreferenced")
    func delivered() async throws {
        let localstack = try await SharedServers.shared.localStack()
        let stack = try await WorkerStack.make(endpoint: localstack.endpoint, credentials: LocalStackServer.credentials)
        let test = HLSPackageTests.cases[0]
        let templateFile = stack.work.appendingPathComponent("hls-package.json")
        let source = try await HLSPackageTests.source()
        // The caption sidecar the template names, outside the watched prefix.
        try await stack.upload(((source as NSString).deletingLastPathComponent as NSString).appendingPathComponent("clip.srt"), key: "assets/clip.srt")
        try Data(HLSPackageTests.templateText(test, captions: "s3://\(stack.watch)/assets/clip.srt").utf8).write(to: templateFile)
        try await stack.upload(source, key: "inputs/clip.mp4")
        let run = try await stack.drain(["JOB_TEMPLATE": templateFile.path])
        #expect(run.status == 0, "\(run.stderr.suffix(3000))")

        let mirror = stack.work.appendingPathComponent("mirror").path
        let keys = try JSONDecoder().decode([String].self, from: Data(try await stack.boto(["mirror", stack.delivery, "audiovideo/", mirror]).utf8))
        #expect(keys.contains("audiovideo/clip.m3u8") && keys.contains("audiovideo/180p/clip_180p_00001.ts") && keys.contains("audiovideo/clip_180p_Iframe.m3u8"), "\(keys)")
        let summary = try await HLSPackageTests.check(root: mirror, master: "audiovideo/clip.m3u8")
        let rules = try #require(summary["rules"] as? [String: Int])
        #expect(rules["decodes-to-end"] == 3 && rules["bandwidth-covers-peak"] == 2, "\(rules)")

        let report = try await stack.report("json/clip.json")
        #expect(report.status == .complete, "\(String(describing: report.error))")
        var referenced: Set<String> = []
        for output in report.outputs where output.path.hasPrefix("audiovideo/") {
            if output.role != .playlist {
                let counted = try HLSPackageTests.referencedBytes(root: mirror, playlist: output.path)
                #expect(output.segments == counted.count && output.segmentBytes == counted.bytes, "\(output.path): \(output) vs \(counted)")
            }
            // Every playlist the record lists (media, I-frame-only, multivariant) and what it names.
            referenced.insert(output.path)
            referenced.formUnion(try Self.uris(root: mirror, playlist: output.path))
        }
        #expect(report.outputs.contains { $0.role == .playlist && $0.path == "audiovideo/clip.m3u8" })
        #expect(Set(keys) == referenced, "delivered but not in a playlist: \(Set(keys).subtracting(referenced)); named but not delivered: \(referenced.subtracting(keys))")
    }

    /// The keys a media playlist names (segments and EXT-X-MAP), resolved against its folder.
    static func uris(root: String, playlist: String) throws -> [String] {
        let folder = (playlist as NSString).deletingLastPathComponent
        let text = try String(contentsOfFile: (root as NSString).appendingPathComponent(playlist), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> String? in
            if line.hasPrefix("#EXT-X-MAP:") { return line.split(separator: "\"").dropFirst().first.map { folder + "/" + $0 } }
            return line.hasPrefix("#") ? nil : folder + "/" + line
        }
    }
}

/// The checker must be able to fail: a package with a segment missing and a BANDWIDTH below its peak.
@Suite("check_package.py rejects broken packages")
struct PackageCheckerTests {
    @Test("a missing segment, a BANDWIDTH under the measured peak and a wrong CODECS are each reported")
    func broken() async throws {
        let file = try await HLSPackageTests.source()
        let (root, _) = try await HLSPackageTests.package(try HLSPackageTests.template(HLSPackageTests.cases[2]), file: file)
        let master = root + "/audiovideo/clip.m3u8"
        var text = try String(contentsOfFile: master, encoding: .utf8)
        text = text.replacingOccurrences(of: #"BANDWIDTH=\d+,AVERAGE"#, with: "BANDWIDTH=1000,AVERAGE", options: .regularExpression)
        text = text.replacingOccurrences(of: "mp4a.40.2", with: "mp4a.40.5")
        try Data(text.utf8).write(to: URL(fileURLWithPath: master))
        try FileManager.default.removeItem(atPath: root + "/audiovideo/clip_144p_00002.mp4")
        let python = try TestTools.python()
        let script = Fixtures.repositoryRoot.appendingPathComponent("Tests/Helpers/check_package.py").path
        let result = try await blocking { try ProcessRunner.runBlocking(python, [script, root, "audiovideo/clip.m3u8"]) }
        #expect(result.status == 1)
        let summary = try #require((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any], "\(result.stderr)")
        let errors = (summary["errors"] as? [String] ?? []).joined(separator: "\n")
        #expect(errors.contains("uri-resolves: clip_144p_00002.mp4 missing"), "\(errors)")
        #expect(errors.contains("bandwidth-covers-peak: clip_180p.m3u8"), "\(errors)")
        #expect(errors.contains("codecs-equal-ffprobe: clip_180p.m3u8"), "\(errors)")
    }
}

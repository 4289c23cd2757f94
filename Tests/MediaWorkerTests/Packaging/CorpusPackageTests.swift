import Foundation
import MediaWorkerJSON
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerSupport
import Testing

/// The HLS templates of the shared MediaConvert corpus run on the local engine (a tiny source),
/// every package checked by Tests/Helpers/check_package.py.
@Suite("The corpus's HLS and DASH templates packaged locally and checked")
struct CorpusPackageTests {
    @Test("every HLS and DASH group of every corpus template gives a package that passes the checker")
    func corpus() async throws {
        let streaming = ["HLS_GROUP_SETTINGS", "DASH_ISO_GROUP_SETTINGS", "CMAF_GROUP_SETTINGS"]
        let files = try TemplateCorpus.files().filter { url in
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            return streaming.contains { text.contains($0) }
        }
        #expect(files.count >= 14, "\(files.map(\.lastPathComponent))")
        let source = try await HLSPackageTests.source()
        var packages = 0
        var rules: [String: Int] = [:]
        let sideInputs = try await Self.sideInputs()
        for url in files {
            let text = Self.localSideInputs(try String(contentsOf: url, encoding: .utf8), files: sideInputs)
            let template = try JobTemplate.parse(Array(text.utf8), name: url.lastPathComponent)
            let (root, outputs) = try await HLSPackageTests.package(template, file: source)
            let masters = outputs.filter { $0.role == .playlist }
            let groups = template.outputGroups.filter { group in
                if case .other(let type) = group.kind { return streaming.contains(type) }
                return group.kind == .hls
            }
            #expect(masters.count >= groups.count, "\(url.lastPathComponent): \(outputs.map(\.path))")
            let key = template.settings["OutputGroups"]?.elements?.compactMap {
                $0["OutputGroupSettings"]?["HlsGroupSettings"]?["Encryption"]?["StaticKeyProvider"]?["StaticKeyValue"]?.stringValue
            }.first
            for master in masters {
                let summary = try await HLSPackageTests.check(root: root, master: master.path, key: key)
                packages += 1
                for (name, count) in summary["rules"] as? [String: Int] ?? [:] { rules[name, default: 0] += count }
            }
        }
        print("CorpusPackageTests: \(sideInputs.replaced.withLock { $0 }) side inputs (images, caption sidecars) in S3 replaced by test files")
        print("CorpusPackageTests: \(packages) packages, rules checked \(rules.values.reduce(0, +)) times: \(rules.sorted { $0.key < $1.key })")
        #expect(packages >= files.count)
    }

    /// Test files standing in for the templates' side inputs in S3 (overlay images, caption
    /// sidecars), by extension: these tests run the engine without an S3 client, where the
    /// worker and `process` fetch them (SideInputs, tested in SideInputWorkerTests).
    struct SideInputs: Sendable {
        var byExtension: [String: String]
        let replaced = Locked(0)
    }

    static func sideInputs() async throws -> SideInputs {
        let folder = try TestTools.temporaryDirectory("corpus-side-inputs")
        var files: [String: String] = [:]
        for ext in ["png", "tga", "bmp"] {
            let path = folder.appendingPathComponent("overlay.\(ext)").path
            try await FFmpegTools.run(["-f", "lavfi", "-i", "color=c=red@0.5:s=64x36,format=rgba", "-frames:v", "1", path])
            files[ext] = path
        }
        let srt = folder.appendingPathComponent("captions.srt")
        try "1\n00:00:00,000 --> 00:00:01,000\nhello\n".write(to: srt, atomically: true, encoding: .utf8)
        files["srt"] = srt.path
        let vtt = folder.appendingPathComponent("captions.vtt")
        try "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nhello\n".write(to: vtt, atomically: true, encoding: .utf8)
        files["vtt"] = vtt.path
        return SideInputs(byExtension: files)
    }

    /// `text` with every `"s3://…"` image or caption file replaced by the test file of its kind.
    static func localSideInputs(_ text: String, files: SideInputs) -> String {
        var result = ""
        var rest = text[...]
        while let start = rest.range(of: "\"s3://") {
            result += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            guard let end = after.firstIndex(of: "\"") else { break }
            let uri = String(rest[start.lowerBound..<after.index(after: end)])
            let ext = (String(after[..<end]) as NSString).pathExtension.lowercased()
            if let file = files.byExtension[ext] {
                result += "\"" + file + "\""
                files.replaced.withLock { $0 += 1 }
            } else {
                result += uri
            }
            rest = after[after.index(after: end)...]
        }
        return result + rest
    }
}

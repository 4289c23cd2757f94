import Foundation
import MediaWorkerJSON
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
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
        for url in files {
            let template = try JobTemplate.parse(Array(try Data(contentsOf: url)), name: url.lastPathComponent)
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
        print("CorpusPackageTests: \(packages) packages, rules checked \(rules.values.reduce(0, +)) times: \(rules.sorted { $0.key < $1.key })")
        #expect(packages >= files.count)
    }
}

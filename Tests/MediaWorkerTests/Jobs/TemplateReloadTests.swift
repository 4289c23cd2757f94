import Foundation
import MediaWorkerJobs
import Testing

@Suite("Template reloading: edits picked up, broken edits refused, the last good version kept")
struct TemplateReloadTests {
    static func copyTemplates() throws -> URL {
        let folder = try TestTools.temporaryDirectory("mw-templates")
        for name in ["job.json", "hls.json"] {
            try FileManager.default.copyItem(
                at: Fixtures.repositoryRoot.appendingPathComponent("job-templates/\(name)"), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    static func edit(_ folder: URL, in name: String = "job.json", _ old: String, _ new: String) throws {
        let url = folder.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        try #require(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    @Test("TemplateStore.reload: a good edit replaces the version, a broken one is refused and the old one stays")
    func store() throws {
        let folder = try Self.copyTemplates()
        let store = TemplateStore(directory: folder.path)
        #expect(store.names == ["hls.json", "job.json"])
        let first = try store.template(named: "job")
        #expect(store.reload().isEmpty, "nothing changed")

        try Self.edit(folder, "\"QvbrQualityLevel\": 8", "\"QvbrQualityLevel\": 9")
        let changes = store.reload()
        #expect(changes.map(\.description) == ["loaded job.json (version \(try store.template(named: "job.json").version))"])
        let second = try store.template(named: "job.json")
        #expect(second.version != first.version)
        #expect(second.outputGroups[0].outputs[0].video?.qvbrQualityLevel == 9)

        try Self.edit(folder, "\"Height\": 720", "\"Height\": \"720\"")
        let refused = store.reload()
        #expect(refused.count == 1)
        #expect(refused.first?.description.contains("refused job.json: job.json:") == true)
        #expect(refused.first?.description.contains("OutputGroups[0].Outputs[1].VideoDescription.Height: expected an integer, got \"720\"; still using version \(second.version)") == true, "\(refused)")
        #expect(try store.template(named: "job.json").version == second.version)
        #expect(store.errors["job.json"] != nil)
        #expect(store.reload().isEmpty, "a broken file is reported once")

        try Self.edit(folder, "\"Height\": \"720\"", "\"Height\": 720")
        #expect(store.reload().count == 1)
        #expect(store.errors.isEmpty)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("hls.json"))
        #expect(store.reload().map(\.description) == ["removed hls.json"])
        #expect(throws: TemplateError.self) { try store.template(named: "hls.json") }
    }

    @Test("validate-templates exits 1 on an error and names file, line and path")
    func validateCommand() async throws {
        let folder = try Self.copyTemplates()
        let binary = try TestTools.mediaWorker()
        let good = try await ProcessRunner.run(binary, ["validate-templates", folder.path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("ok job.json: 1 group, 4 outputs"))
        try Self.edit(folder, in: "hls.json", "\"SegmentLength\": 6", "\"SegmentLength\": 0")
        let bad = try await ProcessRunner.run(binary, ["validate-templates", folder.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("hls.json:") && bad.stderr.contains("OutputGroups[0].OutputGroupSettings.HlsGroupSettings.SegmentLength: 0 is out of range"), "\(bad.stderr)")
        #expect(bad.stdout.contains("ok job.json"))
        let missing = try await ProcessRunner.run(binary, ["validate-templates", folder.appendingPathComponent("nope.json").path])
        #expect(missing.status != 0)
    }

    @Test("validate-templates --watch reloads on SIGHUP and refuses a broken edit (the worker's reload path)")
    func watchAndSignal() async throws {
        let folder = try Self.copyTemplates()
        let binary = try TestTools.mediaWorker()
        // A long interval: only SIGHUP triggers the reloads below.
        let watcher = try await blocking {
            try ManagedServer(
                name: "template-watch", command: [binary, "validate-templates", "--watch", "--interval", "3600", folder.path],
                port: 0, timeout: 600, ready: { _ in false == false })
        }
        defer { watcher.stop() }
        let log = watcher.logFile
        func waitFor(_ text: String) async throws -> Bool {
            for _ in 0..<1200 {
                if let content = try? String(contentsOf: log, encoding: .utf8), content.contains(text) { return true }
                try await Task.sleep(for: .milliseconds(100))
            }
            return false
        }
        #expect(try await waitFor("ok job.json"))
        let child = try #require(Self.child(of: watcher.pid), "the watcher's pid")
        try Self.edit(folder, "\"QvbrQualityLevel\": 8", "\"QvbrQualityLevel\": 9")
        kill(child, SIGHUP)
        #expect(try await waitFor("loaded job.json"), "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        try Self.edit(folder, in: "hls.json", "\"MinSegmentLength\": 0", "\"MinSegmentLength\": -1")
        kill(child, SIGHUP)
        #expect(try await waitFor("refused hls.json"), "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        #expect(try await waitFor("still using version"))
        #expect(watcher.isRunning, "a broken edit does not stop it")
    }

    /// The supervised process's pid (ManagedServer runs commands under supervise.py).
    static func child(of supervisor: pid_t) -> pid_t? {
        for _ in 0..<1200 {
            if let text = try? String(contentsOfFile: "/proc/\(supervisor)/task/\(supervisor)/children", encoding: .utf8),
                let pid = text.split(separator: " ").first.flatMap({ pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
            {
                return pid
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }
}

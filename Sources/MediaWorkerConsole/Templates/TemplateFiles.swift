import Foundation
import MediaWorkerJobs

/// The job templates directory the worker reloads from (`CONSOLE_TEMPLATES_DIR`, else
/// `MEDIA_WORKER_TEMPLATES`, else `JOB_TEMPLATE`'s directory, else job-templates): each
/// `*.json` listed with its validation; an edit is checked with the worker's own validator
/// (file, line, JSON path) and saved only when it passes, atomically (beside it, then
/// renamed), so the worker's next reload sees the whole new file or the old one.
struct TemplateFiles: Sendable {
    let directory: String

    /// What validation says about a file's text.
    struct Verdict: Sendable {
        var ok: Bool
        var version: String?
        var summary: String
        var issues: [TemplateIssue]
    }

    var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
    }

    /// `name` if it is a plain file name of this directory's kind (``JobTemplate/isPlainFileName(_:)``).
    static func safe(_ name: String) -> String? {
        JobTemplate.isPlainFileName(name) ? name : nil
    }

    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    func text(_ name: String) -> String? {
        FileManager.default.contents(atPath: path(name)).flatMap { String(data: $0, encoding: .utf8) }
    }

    static func validate(_ text: String, name: String) -> Verdict {
        do {
            let template = try JobTemplate.parse(Array(text.utf8), name: name)
            let outputs = template.outputGroups.reduce(0) { $0 + $1.outputs.count }
            return Verdict(
                ok: true, version: template.version, summary: "\(template.outputGroups.count) group(s), \(outputs) output(s), version \(template.version)",
                issues: template.localWarnings)
        } catch {
            return Verdict(ok: false, version: nil, summary: "\(error.issues.count) error(s)", issues: error.issues)
        }
    }

    /// Saves `text` as `name` if it validates; the verdict either way.
    func save(_ text: String, name: String) throws -> Verdict {
        let verdict = Self.validate(text, name: name)
        guard verdict.ok else { return verdict }
        let temporary = path(".\(name).console-\(UUID().uuidString.prefix(8))")
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path(name)) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw ConsoleError.resourceMissing("\(path(name)) (cannot replace it: \(String(cString: strerror(errno))))")
        }
        return verdict
    }

    static func issueRows(_ issues: [TemplateIssue]) -> [[String: Any]] {
        issues.map { ["severity": "\($0.severity)", "file": $0.file, "line": $0.line.map(String.init) ?? "", "path": $0.path, "message": $0.message] }
    }
}

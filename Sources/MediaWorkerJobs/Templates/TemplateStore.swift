import Foundation
import MediaWorkerSupport

/// The templates of a directory, kept current while the worker runs: `reload()` (on a timer,
/// or on SIGHUP) reads every `*.json` again. A changed file that validates replaces the old
/// version; a broken edit is refused and the last good version stays in use.
public final class TemplateStore: Sendable {
    /// What a reload did to one file.
    public enum Change: Sendable, CustomStringConvertible {
        case loaded(name: String, version: String)
        /// The edit was refused; `keeping` is the version still in use (`nil`: none yet).
        case refused(name: String, error: TemplateError, keeping: String?)
        case removed(name: String)

        public var description: String {
            switch self {
            case .loaded(let name, let version): return "loaded \(name) (version \(version))"
            case .refused(let name, let error, let keeping):
                return "refused \(name): \(error)" + (keeping.map { "; still using version \($0)" } ?? "; no earlier version to use")
            case .removed(let name): return "removed \(name)"
            }
        }
    }

    public let directory: String
    private struct State {
        var templates: [String: JobTemplate] = [:]
        /// The fingerprint last seen per file, good or bad, so a broken file is reported once.
        var seen: [String: String] = [:]
        var errors: [String: TemplateError] = [:]
    }
    private let state = Locked(State())

    /// Loads the directory. Broken files are reported by `errors`, not thrown.
    public init(directory: String) {
        self.directory = directory
        _ = reload()
    }

    /// The current good version of `name` (`job.json`; `.json` may be left out).
    public func template(named name: String) throws(TemplateError) -> JobTemplate {
        let file = name.hasSuffix(".json") ? name : name + ".json"
        let result: Result<JobTemplate, TemplateError> = state.withLock { state in
            if let template = state.templates[file] { return .success(template) }
            if let error = state.errors[file] { return .failure(error) }
            return .failure(TemplateError(.notFound, file: file, issues: [
                TemplateIssue(.error, file: file, path: "", line: nil, message: "no template \(file) in \(directory) (have: \(state.templates.keys.sorted().joined(separator: ", ")))"),
            ]))
        }
        return try result.get()
    }

    /// The names of the templates in use.
    public var names: [String] { state.withLock { $0.templates.keys.sorted() } }

    /// Files that currently fail validation, by name.
    public var errors: [String: TemplateError] { state.withLock { $0.errors } }

    /// Reads the directory again and returns what changed.
    @discardableResult
    public func reload() -> [Change] {
        let manager = FileManager.default
        let names = ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        var files: [(name: String, bytes: [UInt8])] = []
        for name in names {
            if let data = manager.contents(atPath: (directory as NSString).appendingPathComponent(name)) { files.append((name, Array(data))) }
        }
        return state.withLock { state in
            var changes: [Change] = []
            for (name, bytes) in files {
                let fingerprint = JobTemplate.fingerprint(bytes)
                guard state.seen[name] != fingerprint else { continue }
                state.seen[name] = fingerprint
                switch Result(catching: { () throws(TemplateError) in try JobTemplate.parse(bytes, name: name) }) {
                case .success(let template):
                    state.templates[name] = template
                    state.errors[name] = nil
                    changes.append(.loaded(name: name, version: template.version))
                case .failure(let error):
                    state.errors[name] = error
                    changes.append(.refused(name: name, error: error, keeping: state.templates[name]?.version))
                }
            }
            let present = Set(files.map(\.name))
            for name in state.seen.keys.sorted() where !present.contains(name) {
                state.seen[name] = nil
                state.errors[name] = nil
                if state.templates.removeValue(forKey: name) != nil { changes.append(.removed(name: name)) }
            }
            return changes
        }
    }

    /// Reloads every `interval` until the task is cancelled, passing each change to `onChange`.
    public func watch(every interval: Duration = .seconds(2), onChange: @Sendable (Change) -> Void) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            for change in reload() { onChange(change) }
        }
    }
}

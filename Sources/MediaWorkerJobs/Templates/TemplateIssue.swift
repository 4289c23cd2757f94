/// One problem found in a job template: where (file, JSON path, line) and what.
public struct TemplateIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        /// The template cannot be used.
        case error
        /// The template works, but something in it is not executed (by the local engine).
        case warning
    }

    public var severity: Severity
    /// The file name (`job.json`).
    public var file: String
    /// The JSON path from the file's root: `OutputGroups[0].Outputs[2].VideoDescription.Height`.
    public var path: String
    /// 1-based line, when known.
    public var line: Int?
    public var message: String

    public init(_ severity: Severity, file: String, path: String, line: Int?, message: String) {
        self.severity = severity
        self.file = file
        self.path = path
        self.line = line
        self.message = message
    }

    /// `job.json:42: OutputGroups[0].Outputs[2].VideoDescription.Height: expected an integer, got "720"`.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if severity == .warning { text += "warning: " }
        if !path.isEmpty { text += "\(path): " }
        return text + message
    }
}

/// A job template that cannot be used, with every problem found in it.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The file cannot be read.
        case unreadable
        /// The file is not JSON.
        case syntax
        /// The JSON is not a valid template.
        case invalid
        /// No template of that name.
        case notFound
    }

    public var code: Code
    public var file: String
    /// The errors, each with its path and line.
    public var issues: [TemplateIssue]

    public init(_ code: Code, file: String, issues: [TemplateIssue]) {
        self.code = code
        self.file = file
        self.issues = issues
    }

    public var description: String {
        let errors = issues.filter { $0.severity == .error }
        switch errors.count {
        case 0: return "\(file): invalid template"
        case 1: return errors[0].description
        default: return "\(file): \(errors.count) errors:\n" + errors.map { "  " + $0.description }.joined(separator: "\n")
        }
    }
}

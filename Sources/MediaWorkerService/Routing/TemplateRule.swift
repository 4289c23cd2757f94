import Foundation

/// One line of the template routing table: uploads whose key (the whole key, watch prefix
/// included: `inputs/shorts/ep1.mp4`) starts or ends with a pattern use a template.
public struct TemplateRule: Sendable, Equatable, CustomStringConvertible {
    public enum Match: Sendable, Equatable {
        /// `inputs/shorts/`: keys that start with it.
        case prefix(String)
        /// `*.mov` (written with the star): keys that end with `.mov`.
        case suffix(String)
    }

    public var match: Match
    /// The template's file name in the templates directory (`shorts.json`).
    public var template: String

    public init(_ match: Match, template: String) {
        self.match = match
        self.template = template
    }

    func matches(_ key: String) -> Bool {
        switch match {
        case .prefix(let prefix): key.hasPrefix(prefix)
        case .suffix(let suffix): key.hasSuffix(suffix)
        }
    }

    public var description: String {
        switch match {
        case .prefix(let prefix): "\(prefix)=\(template)"
        case .suffix(let suffix): "*\(suffix)=\(template)"
        }
    }

    /// Parses `TEMPLATE_ROUTES`: entries separated by commas or new lines, each
    /// `PATTERN=TEMPLATE` (`inputs/shorts/=shorts.json, *.mov=mov.json`); a template given with
    /// a folder (`job-templates/shorts.json`) is named by its file. Returns the rules and a
    /// problem per entry that is not of that form.
    public static func parse(_ text: String) -> (rules: [TemplateRule], problems: [String]) {
        var rules: [TemplateRule] = []
        var problems: [String] = []
        for entry in text.split(whereSeparator: { $0 == "," || $0 == "\n" }).map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let equals = entry.lastIndex(of: "=") else {
                problems.append("'\(entry)': expected PATTERN=TEMPLATE, e.g. inputs/shorts/=shorts.json or *.mov=mov.json")
                continue
            }
            let pattern = entry[..<equals].trimmingCharacters(in: .whitespaces)
            var template = entry[entry.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let slash = template.lastIndex(of: "/") { template = String(template[template.index(after: slash)...]) }
            if !template.isEmpty && !template.hasSuffix(".json") { template += ".json" }
            guard !pattern.isEmpty, !template.isEmpty, template != ".json" else {
                problems.append("'\(entry)': both the pattern and the template must be given")
                continue
            }
            if pattern.hasPrefix("*") {
                guard pattern.count > 1 else {
                    problems.append("'\(entry)': '*' alone matches every upload; set JOB_TEMPLATE for the default instead")
                    continue
                }
                rules.append(TemplateRule(.suffix(String(pattern.dropFirst())), template: template))
            } else if pattern.contains("*") {
                problems.append("'\(entry)': a star may only begin a pattern (*.mov); a prefix is written without one (inputs/shorts/)")
            } else {
                rules.append(TemplateRule(.prefix(pattern), template: template))
            }
        }
        return (rules, problems)
    }
}

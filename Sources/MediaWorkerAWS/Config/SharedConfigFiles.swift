import Foundation

/// The shared AWS files (`~/.aws/credentials` and `~/.aws/config`), merged per profile as
/// the SDKs do: a key in the credentials file wins over the same key in the config file.
public struct SharedConfigFiles: Sendable {
    /// Settings by profile name, keys lowercased.
    public private(set) var profiles: [String: [String: String]] = [:]
    /// Files that were found and read.
    public private(set) var filesRead: [String] = []

    public init(environment: AWSEnvironment) {
        if let text = try? String(contentsOfFile: environment.configFilePath, encoding: .utf8) {
            filesRead.append(environment.configFilePath)
            merge(Self.parse(text, isConfigFile: true))
        }
        if let text = try? String(contentsOfFile: environment.credentialsFilePath, encoding: .utf8) {
            filesRead.append(environment.credentialsFilePath)
            merge(Self.parse(text, isConfigFile: false))
        }
    }

    /// The settings of a profile, or nil if neither file has it.
    public func profile(_ name: String) -> [String: String]? {
        profiles[name]
    }

    private mutating func merge(_ other: [String: [String: String]]) {
        for (name, settings) in other {
            profiles[name, default: [:]].merge(settings) { _, new in new }
        }
    }

    /// Parses an INI file. In the config file, sections are `[profile NAME]` or `[default]`;
    /// in the credentials file, `[NAME]`. Comments start with `#` or `;`. Indented lines
    /// continue a nested setting (`s3 =` blocks) and are read as `parent.key`. A ` #` or ` ;`
    /// ends a value, except in `credential_process`, which is kept whole as botocore keeps it.
    static func parse(_ text: String, isConfigFile: Bool) -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        var current: String?
        var parent: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let isIndented = rawLine.first == " " || rawLine.first == "\t"
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                var name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if isConfigFile {
                    if name.hasPrefix("profile ") {
                        name = String(name.dropFirst("profile ".count)).trimmingCharacters(in: .whitespaces)
                    } else if name != "default" {
                        // `[sso-session x]`, `[services x]`: not profiles.
                        current = nil
                        continue
                    }
                }
                current = name
                parent = nil
                result[name, default: [:]] = result[name] ?? [:]
                continue
            }
            guard let profile = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            // botocore keeps values verbatim; a command line may well hold " #" or " ;".
            if key != "credential_process", let comment = value.range(of: " #") ?? value.range(of: " ;") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            if isIndented, let parent {
                result[profile]![parent + "." + key] = value
            } else {
                result[profile]![key] = value
                parent = value.isEmpty ? key : nil
            }
        }
        return result
    }
}

import MediaWorkerJSON

/// Reads typed values out of a template's JSON and records an issue, with the JSON path and
/// line, for every value of the wrong type or out of range.
struct TemplateReader {
    let file: String
    let lines: [String: Int]
    /// `Settings` for a CreateJob-shaped file, empty for a bare `Settings` object.
    let prefix: String
    /// The file's own spelling of the paths it writes in camelCase (``TemplateNames``).
    var writtenPaths: [String: String] = [:]
    var issues: [TemplateIssue] = []

    /// The full path of `relative` (relative to `Settings`).
    func fullPath(_ relative: String) -> String {
        if prefix.isEmpty { return relative }
        return relative.isEmpty ? prefix : prefix + "." + relative
    }

    func line(_ relative: String) -> Int? {
        let path = fullPath(relative)
        if let line = lines[path] { return line }
        // A missing member: the line of the nearest parent that exists.
        var parent = path
        while let cut = parent.lastIndex(where: { $0 == "." || $0 == "[" }) {
            parent = String(parent[..<cut])
            if let line = lines[parent] { return line }
        }
        return lines[""]
    }

    /// The full path of `relative` as the file spells it (camelCase where the file is).
    func writtenPath(_ relative: String) -> String {
        TemplateNames.written(fullPath(relative), writtenPaths) { lines[$0] != nil }
    }

    mutating func error(_ relative: String, _ message: String) {
        issues.append(TemplateIssue(.error, file: file, path: writtenPath(relative), line: line(relative), message: message))
    }

    mutating func warning(_ relative: String, _ message: String) {
        issues.append(TemplateIssue(.warning, file: file, path: writtenPath(relative), line: line(relative), message: message))
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// An object member that must be an object when present.
    mutating func object(_ parent: JSONValue, _ key: String, at path: String, required: Bool = false) -> JSONValue? {
        let childPath = Self.join(path, key)
        guard let value = parent[key] else {
            if required { error(childPath, "missing; this member is required") }
            return nil
        }
        guard case .object = value else {
            error(childPath, "expected an object, got \(value.kindDescription)")
            return nil
        }
        return value
    }

    mutating func array(_ parent: JSONValue, _ key: String, at path: String, required: Bool = false, nonEmpty: Bool = false) -> [JSONValue]? {
        let childPath = Self.join(path, key)
        guard let value = parent[key] else {
            if required { error(childPath, "missing; this member is required") }
            return nil
        }
        guard let elements = value.elements else {
            error(childPath, "expected an array, got \(value.kindDescription)")
            return nil
        }
        if nonEmpty && elements.isEmpty { error(childPath, "must not be empty") }
        return elements
    }

    mutating func string(_ parent: JSONValue, _ key: String, at path: String, required: Bool = false, allowed: [String]? = nil) -> String? {
        let childPath = Self.join(path, key)
        guard let value = parent[key] else {
            if required { error(childPath, "missing; this member is required") }
            return nil
        }
        guard let text = value.stringValue else {
            error(childPath, "expected a string, got \(value.kindDescription)")
            return nil
        }
        if let allowed, !allowed.contains(text) {
            error(childPath, "\"\(text)\" is not one of \(allowed.joined(separator: ", "))")
            return nil
        }
        return text
    }

    mutating func integer(_ parent: JSONValue, _ key: String, at path: String, range: ClosedRange<Int>? = nil, required: Bool = false) -> Int? {
        let childPath = Self.join(path, key)
        guard let value = parent[key] else {
            if required { error(childPath, "missing; this member is required") }
            return nil
        }
        guard let number = value.intValue else {
            error(childPath, "expected an integer, got \(value.kindDescription)")
            return nil
        }
        if let range, !range.contains(number) {
            error(childPath, "\(number) is out of range \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return number
    }

    mutating func number(_ parent: JSONValue, _ key: String, at path: String, range: ClosedRange<Double>? = nil) -> Double? {
        let childPath = Self.join(path, key)
        guard let value = parent[key] else { return nil }
        guard let number = value.doubleValue else {
            error(childPath, "expected a number, got \(value.kindDescription)")
            return nil
        }
        if let range, !range.contains(number) {
            error(childPath, "\(value.kindDescription) is out of range \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return number
    }
}

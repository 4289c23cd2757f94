import MediaWorkerJSON

/// MediaConvert's REST API takes camelCase member names (`settings`, `outputGroups`,
/// `videoDescription`), the SDKs, the CLI and the console PascalCase ones (`Settings`,
/// `OutputGroups`). A template may be written either way, or mixed; it is read as PascalCase,
/// the names the rest of the code uses, member order kept. The keys of maps
/// (`AudioSelectors`' "Audio Selector 1", `UserMetadata`, `Tags`) are the operator's own and
/// stay as written.
enum TemplateNames {
    struct Normalized {
        var value: JSONValue
        /// The line of each value by its PascalCase path.
        var lines: [String: Int]
        /// The path as written in the file, for each PascalCase path that differs.
        var writtenPaths: [String: String]
        /// Members written twice, once in each spelling (`settings` and `Settings`).
        var conflicts: [(path: String, written: String, other: String)]
    }

    /// `outputGroups` → `OutputGroups`: the SDK name of a REST wire name.
    static func sdkName(_ name: String) -> String {
        guard let first = name.first, first.isLowercase else { return name }
        return first.uppercased() + name.dropFirst()
    }

    static func normalize(_ parsed: JSONParser.Result) -> Normalized {
        var result = Normalized(value: .null, lines: [:], writtenPaths: [:], conflicts: [])
        result.value = walk(parsed.value, written: "", path: "", isMap: false, parsed.lines, &result)
        return result
    }

    private static func walk(_ value: JSONValue, written: String, path: String, isMap: Bool, _ lines: [String: Int], _ result: inout Normalized) -> JSONValue {
        if let line = lines[written] { result.lines[path] = line }
        if written != path { result.writtenPaths[path] = written }
        switch value {
        case .object(let members):
            var converted: [JSONValue.Member] = []
            var spelling: [String: String] = [:]
            for member in members {
                let key = isMap ? member.key : sdkName(member.key)
                let childPath = TemplateReader.join(path, key)
                if let other = spelling[key] {
                    result.conflicts.append((childPath, member.key, other))
                    continue
                }
                spelling[key] = member.key
                let child = walk(
                    member.value, written: TemplateReader.join(written, member.key), path: childPath,
                    isMap: !isMap && MediaConvertWire.mapMembers.contains(key), lines, &result)
                converted.append(JSONValue.Member(key, child))
            }
            return .object(converted)
        case .array(let elements):
            return .array(elements.enumerated().map { index, element in
                walk(element, written: "\(written)[\(index)]", path: "\(path)[\(index)]", isMap: false, lines, &result)
            })
        default:
            return value
        }
    }

    /// The path to show for `path` (PascalCase, from the file's root): as the file spells it.
    /// A member the file does not have is named in the spelling of its nearest parent.
    static func written(_ path: String, _ writtenPaths: [String: String], exists: (String) -> Bool) -> String {
        if writtenPaths.isEmpty { return path }
        if let written = writtenPaths[path] { return written }
        if exists(path) { return path }
        var parent = path
        while let cut = parent.lastIndex(where: { $0 == "." || $0 == "[" }) {
            parent = String(parent[..<cut])
            guard exists(parent) else { continue }
            guard let written = writtenPaths[parent] else { return path }
            // The parent was renamed: the file is camelCase there, so is the rest.
            let rest = path[cut...].split(separator: ".", omittingEmptySubsequences: false).enumerated().map { index, part in
                index == 0 ? String(part) : MediaConvertWire.wireName(String(part))
            }
            return written + rest.joined(separator: ".")
        }
        // Only the root is there: camelCase when the file's top-level names are.
        let camelRoot = writtenPaths.keys.contains { !$0.contains(".") && !$0.contains("[") }
        guard camelRoot else { return path }
        return path.split(separator: ".", omittingEmptySubsequences: false).map { MediaConvertWire.wireName(String($0)) }.joined(separator: ".")
    }
}

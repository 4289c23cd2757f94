import Foundation

/// What a DASH MPD references: plain files (`BaseURL`, `sourceURL`, a `SegmentTemplate`
/// without `$…$`) and numbered segment templates (`media="a_$Number%05d$.m4s"`,
/// `$RepresentationID$` expanded with each representation's id), matched against a listing.
struct DASHReferences {
    /// A template's literal text before and after its one `$Number$` or `$Time$`.
    struct Numbered: Equatable {
        var prefix: String
        var suffix: String
        /// Whether what follows the prefix is the number and then the suffix.
        func matches(_ rest: String) -> Bool {
            guard rest.hasSuffix(suffix) else { return false }
            let middle = rest.dropLast(suffix.count)
            return !middle.isEmpty && middle.allSatisfy(\.isNumber)
        }
    }

    var files: [String] = []
    var numbered: [Numbered] = []

    init(_ mpd: String) {
        let ids = Self.values(of: "id", in: Self.elements("Representation", in: mpd))
        for element in Self.elements("BaseURL", in: mpd, content: true) { files.append(element) }
        for url in Self.values(of: "sourceURL", in: Self.elements("Initialization", in: mpd) + Self.elements("SegmentURL", in: mpd)) {
            files.append(url)
        }
        // A template names the representations of its own adaptation set.
        for set in mpd.components(separatedBy: "<AdaptationSet") {
            let local = Self.values(of: "id", in: Self.elements("Representation", in: set))
            let templates = Self.elements("SegmentTemplate", in: set)
            for template in Self.values(of: "media", in: templates) + Self.values(of: "initialization", in: templates) {
                let names = local.isEmpty ? ids : local
                let expanded = template.contains("$RepresentationID$") ? names.map { template.replacingOccurrences(of: "$RepresentationID$", with: $0) } : [template]
                for text in expanded {
                    if !text.contains("$") {
                        files.append(text)
                    } else if let pattern = Self.numbered(text) {
                        numbered.append(pattern)
                    }
                }
            }
        }
    }

    /// `a_$Number%05d$.m4s` → prefix `a_`, suffix `.m4s`; `nil` for anything else.
    static func numbered(_ text: String) -> Numbered? {
        let parts = text.components(separatedBy: "$")
        guard parts.count == 3, parts[1].hasPrefix("Number") || parts[1].hasPrefix("Time") else { return nil }
        return Numbered(prefix: parts[0], suffix: parts[2])
    }

    /// The start tags of `name` (or, with `content`, the text inside each element).
    static func elements(_ name: String, in xml: String, content: Bool = false) -> [String] {
        var found: [String] = []
        var rest = xml[...]
        while let open = rest.range(of: "<" + name) {
            let after = rest[open.upperBound...]
            guard let next = after.first, next == " " || next == ">" || next == "/" || next.isNewline, let close = after.firstIndex(of: ">") else {
                rest = after
                continue
            }
            if content {
                let body = after[after.index(after: close)...]
                if let end = body.range(of: "</" + name) {
                    found.append(body[..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines))
                }
            } else {
                found.append(String(after[..<close]))
            }
            rest = after[close...]
        }
        return found.map { $0.replacingOccurrences(of: "&amp;", with: "&") }
    }

    /// The values of attribute `name` in the start tags.
    static func values(of name: String, in tags: [String]) -> [String] {
        tags.compactMap { tag in
            guard let start = tag.range(of: " " + name + "=\"") ?? tag.range(of: "\n" + name + "=\"") else { return nil }
            let rest = tag[start.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }
}

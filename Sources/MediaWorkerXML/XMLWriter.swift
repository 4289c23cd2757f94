/// Builds small XML request bodies (S3 configuration documents) with escaping.
public struct XMLWriter: Sendable {
    private var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    private var open: [String] = []

    public init() {}

    /// Opens an element; `namespace` sets `xmlns`.
    public mutating func start(_ name: String, namespace: String? = nil) {
        output += "<\(name)" + (namespace.map { " xmlns=\"\(Self.escape($0))\"" } ?? "") + ">"
        open.append(name)
    }

    /// Closes the innermost element.
    public mutating func end() {
        output += "</\(open.removeLast())>"
    }

    /// Writes `<name>text</name>`.
    public mutating func element(_ name: String, _ text: String) {
        output += "<\(name)>\(Self.escape(text))</\(name)>"
    }

    /// The document.
    public var document: String {
        precondition(open.isEmpty, "unclosed elements: \(open)")
        return output
    }

    /// Escapes text for element content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

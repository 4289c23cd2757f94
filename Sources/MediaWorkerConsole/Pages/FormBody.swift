import Foundation

/// An `application/x-www-form-urlencoded` body or query string: `+` is a space, `%XX` a byte.
/// The first value of a repeated field wins.
struct FormBody: Sendable {
    let fields: [String: String]

    init(_ text: String) {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if fields[name] == nil { fields[name] = value }
        }
        self.fields = fields
    }

    subscript(name: String) -> String? { fields[name] }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

/// A caption file's lines with their 1-based numbers, line endings normalized.
struct CaptionLines {
    let lines: [Substring]

    init(_ text: String) {
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        // Split on \n, \r\n and \r; Swift treats \r\n as one Character.
        lines = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }

    var count: Int { lines.count }

    subscript(index: Int) -> Substring { lines[index] }

    static func isBlank(_ line: Substring) -> Bool { line.allSatisfy(\.isWhitespace) }

    /// Collects text lines from `index` up to the next blank line; returns them and the index after.
    func block(from index: Int) -> (text: [Substring], next: Int) {
        var end = index
        while end < count && !Self.isBlank(lines[end]) { end += 1 }
        return (Array(lines[index..<end]), end)
    }
}

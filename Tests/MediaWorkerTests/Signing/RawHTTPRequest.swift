import MediaWorkerSigning
import MediaWorkerSupport

/// A request in the SigV4 test suite's text form: request line, headers (with obsolete
/// line folding), blank line, body.
struct RawHTTPRequest: Equatable {
    var method: String
    var path: String
    var query: [QueryItem]
    var headers: [HTTPHeader]
    var body: [UInt8]

    init(_ text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst().split(separator: " ")
        method = String(requestLine[0])
        // The target may contain spaces (get-space): everything between the method and the version.
        let target = requestLine.dropFirst().dropLast().joined(separator: " ")
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = target[target.index(after: mark)...].split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return QueryItem(SigV4Encoding.decode(String(parts[0])), parts.count > 1 ? SigV4Encoding.decode(String(parts[1])) : "")
            }
        } else {
            path = target
            query = []
        }
        headers = []
        var bodyLines: [String] = []
        var inBody = false
        for line in lines {
            if inBody {
                bodyLines.append(line)
            } else if line.isEmpty {
                inBody = true
            } else if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(HTTPHeader(String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        body = Array(bodyLines.joined(separator: "\n").utf8)
    }

    /// Headers as a sorted list of (lowercased name, canonical value), for comparison.
    var normalizedHeaders: [String] {
        headers.map { $0.name.lowercased() + ":" + SigV4Signer.canonicalValue($0.value) }.sorted()
    }

    var sortedQuery: [String] {
        query.map { $0.name + "=" + $0.value }.sorted()
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}

extension Set where Element == Character {
    static let whitespaces: Set<Character> = [" ", "\t"]
}

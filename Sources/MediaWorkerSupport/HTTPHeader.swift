/// One HTTP header field exactly as it goes on the wire: the name as written (compared
/// case-insensitively) and the value as is. A request or response keeps its headers as an
/// array, in order, a name repeated for each of its values.
///
/// The one header type of the package: the transport (`MediaWorkerHTTP`) sends and receives
/// these, and the SigV4 signer (`MediaWorkerSigning`) signs the same values, lowercasing the
/// names and folding white space only in its canonical request, so what is signed is what is
/// sent.
public struct HTTPHeader: Sendable, Equatable {
    /// The name as written, for example `Content-Type`.
    public var name: String
    /// The value, unchanged.
    public var value: String

    /// A header with a name and a value.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Whether this header has the name, compared case-insensitively (ASCII, as HTTP names are).
    public func hasName(_ other: String) -> Bool {
        name.lowercased() == other.lowercased()
    }
}

extension Array where Element == HTTPHeader {
    /// The first value of a header, compared case-insensitively.
    public func value(of name: String) -> String? {
        first { $0.hasName(name) }?.value
    }

    /// Every value of a header in order, compared case-insensitively.
    public func values(of name: String) -> [String] {
        filter { $0.hasName(name) }.map(\.value)
    }

    /// Removes every header with the name, compared case-insensitively.
    public mutating func remove(named name: String) {
        removeAll { $0.hasName(name) }
    }
}

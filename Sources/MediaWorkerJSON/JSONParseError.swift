/// A JSON syntax error with its place in the text.
public struct JSONParseError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    /// 1-based line and column.
    public var line: Int
    public var column: Int

    public var description: String { "line \(line), column \(column): \(message)" }
}

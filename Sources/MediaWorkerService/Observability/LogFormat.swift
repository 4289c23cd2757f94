public import Foundation

/// How logs are written (`LOG_FORMAT`): JSON lines, readable text, or `auto` (text on a
/// terminal, JSON otherwise, as in a container).
public enum LogFormat: String, Sendable, CaseIterable {
    case auto
    case json
    case text

    /// The format to use for standard error.
    public func resolved(isTerminal: Bool = isatty(STDERR_FILENO) == 1) -> LogFormat {
        self == .auto ? (isTerminal ? .text : .json) : self
    }
}

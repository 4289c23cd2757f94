/// The console's one domain error.
public enum ConsoleError: Error, CustomStringConvertible, Sendable {
    /// Bad settings: every problem, each saying what to set.
    case configuration([String])
    /// A resource (template, static file) missing from the build.
    case resourceMissing(String)

    public var description: String {
        switch self {
        case .configuration(let problems): "console settings: " + problems.joined(separator: "; ")
        case .resourceMissing(let name): "the console's resource \(name) is missing from the build (Sources/MediaWorkerConsole/Resources)"
        }
    }
}

/// The one reader of media-worker's settings, for every command: a value comes from the
/// command line's flags (given by the variable they stand for), else the environment
/// (AWS profile settings are layered under both by the AWS configuration). Names and
/// defaults are the same for every command; typed reads collect every problem, each naming
/// the variable to set, so a command reports them all at once.
///
/// The reader records every name it was asked for (`requestedNames`), which lets a test
/// check that each documented variable is really read.
public final class ConfigReader: Sendable {
    /// Flag values by the variable they override (`DESTINATION_BUCKET` for `--destination-bucket`).
    public let flags: [String: String]
    public let environment: [String: String]
    private let state = Locked(State())

    private struct State {
        var requested: [String] = []
        var problems: [String] = []
    }

    public init(flags: [String: String?] = [:], environment: [String: String]) {
        self.flags = flags.compactMapValues { $0 }
        self.environment = environment
    }

    /// Every name asked for so far, in order, once each.
    public var requestedNames: [String] { state.withLock { $0.requested } }

    /// The problems found by typed reads and ``report(_:)`` so far.
    public var problems: [String] { state.withLock { $0.problems } }

    /// Records a problem (one line naming what to set).
    public func report(_ problem: String) {
        state.withLock { $0.problems.append(problem) }
    }

    private func record(_ name: String) {
        state.withLock { state in
            if !state.requested.contains(name) { state.requested.append(name) }
        }
    }

    /// The raw value of one name (flags, then environment), empty included.
    public func raw(_ name: String) -> String? {
        record(name)
        return flags[name] ?? environment[name]
    }

    /// A non-empty value, trimmed: the first of `name` and its `aliases` that is set.
    public func string(_ name: String, aliases: [String] = []) -> String? {
        for candidate in [name] + aliases {
            if let text = raw(candidate).map(Self.trimmed), !text.isEmpty { return text }
        }
        return nil
    }

    /// Without leading and trailing spaces and tabs.
    static func trimmed(_ text: String) -> String {
        func blank(_ character: Character) -> Bool { character.isWhitespace && !character.isNewline }
        guard let first = text.firstIndex(where: { !blank($0) }), let last = text.lastIndex(where: { !blank($0) }) else { return "" }
        return String(text[first...last])
    }

    /// A whole number within `range`; a bad value is a problem (and `nil`).
    public func integer(_ name: String, _ range: ClosedRange<Int>) -> Int? {
        guard let text = string(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            report("\(name)=\(text): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    /// A number within `range`; a bad value is a problem (and `nil`).
    public func number(_ name: String, _ range: ClosedRange<Double>) -> Double? {
        guard let text = string(name) else { return nil }
        guard let number = Double(text), range.contains(number) else {
            report("\(name)=\(text): expected a number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    /// `true`/`1`/`yes`/`on` or `false`/`0`/`no`/`off` (any case); anything else is a problem.
    public func flag(_ name: String) -> Bool? {
        guard let text = string(name)?.lowercased() else { return nil }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default:
            report("\(name)=\(text): expected true or false")
            return nil
        }
    }

    /// A value that must be set: a problem naming the variable (and `why`) when it is not.
    public func required(_ name: String, aliases: [String] = [], _ why: String) -> String? {
        guard let value = string(name, aliases: aliases) else {
            report("\(name): \(why)")
            return nil
        }
        return value
    }

    /// The layered values of `names` as a dictionary, for code that reads a dictionary
    /// (each name is recorded).
    public func values(_ names: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            if let value = raw(name) { values[name] = value }
        }
        return values
    }

    /// The whole environment with the flags applied over it; names read from it later are
    /// not recorded (prefer ``values(_:)``).
    public var layered: [String: String] {
        environment.merging(flags) { _, flag in flag }
    }
}

/// What a console user may do. Each role can do everything the ones before it can:
/// a viewer reads, a reviewer also approves or rejects, an operator also uploads,
/// retries, deletes outputs, redrives dead letters and edits templates.
public enum Role: String, Sendable, CaseIterable, Comparable, Codable {
    case viewer
    case reviewer
    case `operator`

    var rank: Int {
        switch self {
        case .viewer: 0
        case .reviewer: 1
        case .operator: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role may do what `required` may.
    public func allows(_ required: Role) -> Bool { self >= required }
}

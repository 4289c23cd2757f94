/// A local account: its name, role and bcrypt hash (`$2b$...`). The hash never leaves
/// the process: pages see ``Identity`` only.
public struct ConsoleUser: Sendable, Equatable {
    public var name: String
    public var role: Role
    public var passwordHash: String

    public init(name: String, role: Role, passwordHash: String) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
    }
}

/// Who a request comes from, once authenticated (a session or the trusted header).
public struct Identity: Sendable, Equatable {
    public var name: String
    public var role: Role
    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }
}

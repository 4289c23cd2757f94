import Foundation
import HummingbirdBcrypt

/// The local accounts: one line per user, `name:role:bcrypt-hash`, from a file
/// (`CONSOLE_USERS_FILE`) or a variable (`CONSOLE_USERS`, lines or `,`-separated).
/// Blank lines and lines starting with `#` are skipped. `media-worker console hash-password`
/// prints a hash to put there.
public struct UserDirectory: Sendable {
    public let users: [String: ConsoleUser]

    public init(users: [ConsoleUser]) {
        var byName: [String: ConsoleUser] = [:]
        for user in users { byName[user.name] = user }
        self.users = byName
    }

    /// Parses the `name:role:hash` lines; every bad line is reported with its number.
    public static func parse(_ text: String, source: String) throws(ConsoleError) -> UserDirectory {
        var users: [ConsoleUser] = []
        var problems: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            for entry in raw.split(separator: ",") {
                let line = entry.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") { continue }
                let fields = line.split(separator: ":", maxSplits: 2).map(String.init)
                guard fields.count == 3, !fields[0].isEmpty else {
                    problems.append("\(source):\(index + 1): expected name:role:bcrypt-hash")
                    continue
                }
                guard let role = Role(rawValue: fields[1]) else {
                    problems.append("\(source):\(index + 1): role '\(fields[1])' is not viewer, reviewer or operator")
                    continue
                }
                guard fields[2].hasPrefix("$2") else {
                    problems.append("\(source):\(index + 1): the password must be a bcrypt hash ($2b$...), not the password itself")
                    continue
                }
                users.append(ConsoleUser(name: fields[0], role: role, passwordHash: fields[2]))
            }
        }
        if !problems.isEmpty { throw ConsoleError.configuration(problems) }
        return UserDirectory(users: users)
    }

    /// The user whose password this is, else nil. A name that does not exist still costs a
    /// bcrypt comparison, so timing does not tell which names exist.
    public func authenticate(name: String, password: String) -> Identity? {
        guard let user = users[name] else {
            _ = Bcrypt.verify(password, hash: Self.decoy)
            return nil
        }
        guard Bcrypt.verify(password, hash: user.passwordHash) else { return nil }
        return Identity(name: user.name, role: user.role)
    }

    /// A bcrypt hash for `password` (cost 12 by default).
    public static func hash(_ password: String, cost: UInt8 = 12) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// A hash of a random password, compared against for unknown names.
    static let decoy = Bcrypt.hash(SecureRandom.token(), cost: 12)
}

import Hummingbird

extension ConsoleContext {
    /// Throws 403 unless the signed-in user's role allows `required`.
    func require(_ required: Role) throws {
        guard let identity, identity.role.allows(required) else {
            throw HTTPError(.forbidden, message: "this needs the \(required.rawValue) role")
        }
    }
}

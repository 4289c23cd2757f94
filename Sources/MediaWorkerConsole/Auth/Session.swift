public import Foundation

/// A signed-in browser: the id in its cookie, the CSRF token its pages send back with
/// every state-changing request, who it is and until when.
public struct Session: Sendable, Equatable {
    public var id: String
    public var csrfToken: String
    public var identity: Identity
    public var expires: Date
}

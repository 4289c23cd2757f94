import Foundation
import HTTPTypes
import Hummingbird

/// In front of every route:
/// - security headers on every answer (``SecurityHeaders``);
/// - who is asking: a request without a live session (or trusted header) gets the sign-in
///   page (a GET for a page: 303 to /login) or 401 (anything else); only /login and
///   /static/ are open;
/// - every request other than GET and HEAD must carry the session's CSRF token, in the
///   `X-CSRF-Token` header or a form's `csrf` field, else 403.
struct ConsoleSecurityMiddleware: RouterMiddleware {
    typealias Context = ConsoleContext
    let auth: ConsoleAuth
    let headers: SecurityHeaders

    func handle(_ request: Request, context: ConsoleContext, next: (Request, ConsoleContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await guarded(request, context: context, next: next)
        } catch let error as HTTPError {
            response = ConsoleResponses.problem(error.status, error.body ?? error.status.reasonPhrase)
        }
        headers.apply(to: &response.headers)
        return response
    }

    func guarded(_ request: Request, context: ConsoleContext, next: (Request, ConsoleContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path == "/login" || path.hasPrefix("/static/") {
            return try await next(request, context)
        }
        if path == "/favicon.ico" { return Response(status: .noContent) }
        guard let session = auth.session(for: request) else {
            if request.method == .get, !path.hasPrefix("/api/") {
                return Response(status: .seeOther, headers: [.location: "/login"])
            }
            return ConsoleResponses.problem(.unauthorized, "sign in first")
        }
        var context = context
        context.identity = session.identity
        context.csrfToken = session.csrfToken
        var request = request
        if request.method != .get, request.method != .head {
            let token: String?
            if let header = request.headers[HTTPField.Name("X-CSRF-Token")!] {
                token = header
            } else if request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
                let body = try await request.collectBody(upTo: 1 << 20)
                token = FormBody(String(buffer: body))["csrf"]
            } else {
                token = nil
            }
            guard let token, SecureRandom.equal(token, session.csrfToken) else {
                return ConsoleResponses.problem(.forbidden, "missing or wrong CSRF token: reload the page")
            }
        }
        return try await next(request, context)
    }
}

/// The headers on every answer: a Content-Security-Policy that allows scripts, styles and
/// fetches from the console itself only (and media, images and uploads from the S3
/// endpoint, the one origin presigned URLs point at), no framing, no referrer, no caching.
struct SecurityHeaders: Sendable {
    let policy: String

    init(s3Origin: String) {
        let s3 = s3Origin.isEmpty ? "" : " \(s3Origin)"
        policy = [
            "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'\(s3)", "media-src 'self'\(s3)",
            "connect-src 'self'\(s3)", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
        ].joined(separator: "; ")
    }

    func apply(to headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] = policy
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
    }
}

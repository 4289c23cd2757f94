import Foundation
import HTTPTypes
import Hummingbird

/// GET /login (the form), POST /login (sign in), POST /logout. The form carries a
/// one-off token that must equal the `mw_console_login` cookie set with it, so another
/// site cannot sign a browser in (login CSRF).
struct LoginRoutes {
    static let loginCookie = "mw_console_login"
    let auth: ConsoleAuth
    let pages: PageRenderer

    func add(to router: Router<ConsoleContext>) {
        router.get("/login") { request, context -> Response in
            if case .trustedHeader = auth.mode { return Response(status: .seeOther, headers: [.location: "/jobs"]) }
            return form(request, context: context, message: nil, status: .ok)
        }
        router.post("/login") { request, context -> Response in
            guard case .local = auth.mode else { return ConsoleResponses.problem(.notFound, "sign-in is done by the proxy") }
            var request = request
            let form = FormBody(String(buffer: try await request.collectBody(upTo: 64 << 10)))
            guard let token = form["csrf"], let cookie = request.cookies[Self.loginCookie]?.value, SecureRandom.equal(token, cookie) else {
                return self.form(request, context: context, message: "The sign-in form expired: try again.", status: .forbidden)
            }
            switch auth.signIn(name: form["user"] ?? "", password: form["password"] ?? "", address: context.clientAddress) {
            case .success(let session):
                context.logger.notice("console sign-in", metadata: ["user": "\(session.identity.name)", "role": "\(session.identity.role.rawValue)"])
                var headers: HTTPFields = [.location: "/jobs"]
                headers.append(HTTPField(name: .setCookie, value: auth.cookie.set(session.id)))
                headers.append(HTTPField(name: .setCookie, value: "\(Self.loginCookie)=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict"))
                return Response(status: .seeOther, headers: headers)
            case .refused:
                context.logger.notice("console sign-in refused", metadata: ["user": "\(form["user"] ?? "")", "address": "\(context.clientAddress)"])
                return self.form(request, context: context, message: "Wrong name or password.", status: .unauthorized)
            case .limited(let seconds):
                var response = self.form(request, context: context, message: "Too many failed sign-ins: wait \(seconds) s.", status: .tooManyRequests)
                response.headers[.retryAfter] = String(seconds)
                return response
            }
        }
        router.post("/logout") { request, context -> Response in
            if let id = request.cookies[SessionCookie.name]?.value { auth.sessions.destroy(id: id) }
            var headers: HTTPFields = [.location: "/login"]
            headers.append(HTTPField(name: .setCookie, value: auth.cookie.clear()))
            return Response(status: .seeOther, headers: headers)
        }
    }

    /// The form, with the browser's login token if it has one (a second tab or a request
    /// for the favicon must not invalidate the form already shown), else a new one.
    func form(_ request: Request, context: ConsoleContext, message: String?, status: HTTPResponse.Status) -> Response {
        let existing = request.cookies[Self.loginCookie]?.value
        let token = existing.flatMap { $0.count == 43 ? $0 : nil } ?? SecureRandom.token()
        var values: [String: Any] = ["loginToken": token]
        if let message { values["message"] = message }
        var response = ConsoleResponses.html(pages.render("login", title: "Sign in", context: context, values: values), status: status)
        let secure = auth.cookie.secure ? "; Secure" : ""
        response.headers.append(HTTPField(name: .setCookie, value: "\(Self.loginCookie)=\(token); Path=/login; Max-Age=3600; HttpOnly; SameSite=Strict\(secure)"))
        return response
    }
}

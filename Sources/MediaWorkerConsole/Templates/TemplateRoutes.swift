import Foundation
import Hummingbird

/// GET /templates (each file and whether it validates), GET /template?name= (its text, its
/// issues, and for operators an editor), POST /api/templates/validate `{name, text}` and
/// POST /api/templates/save `{name, text}` (operator role; refused with the issues, 422,
/// when the text does not validate).
struct TemplateRoutes {
    let files: TemplateFiles
    let pages: PageRenderer

    struct Edit: Decodable {
        var name: String
        var text: String
    }

    func add(to router: Router<ConsoleContext>) {
        router.get("/templates") { _, context -> Response in
            let rows: [[String: Any]] = files.names.map { name in
                let verdict = files.text(name).map { TemplateFiles.validate($0, name: name) }
                return ["name": name, "ok": verdict?.ok ?? false, "summary": verdict?.summary ?? "unreadable"]
            }
            let values: [String: Any] = ["templates": rows, "directory": files.directory]
            return ConsoleResponses.html(pages.render("templates", title: "Templates", context: context, values: values))
        }
        router.get("/template") { request, context -> Response in
            guard let name = FormBody(request.uri.query ?? "")["name"].flatMap(TemplateFiles.safe), let text = files.text(name) else {
                throw HTTPError(.notFound, message: "no such template")
            }
            let verdict = TemplateFiles.validate(text, name: name)
            let values: [String: Any] = [
                "name": name, "text": text, "ok": verdict.ok, "summary": verdict.summary, "issues": TemplateFiles.issueRows(verdict.issues),
                "version": verdict.version ?? "",
            ]
            return ConsoleResponses.html(pages.render("template", title: name, context: context, values: values))
        }
        router.post("/api/templates/validate") { request, context -> Response in
            let edit = try await edit(request, context: context)
            return Self.answer(TemplateFiles.validate(edit.text, name: edit.name), saved: false)
        }
        router.post("/api/templates/save") { request, context -> Response in
            try context.require(.operator)
            let edit = try await edit(request, context: context)
            let verdict = try files.save(edit.text, name: edit.name)
            if verdict.ok {
                context.logger.notice("console saved a template", metadata: ["user": "\(context.identity?.name ?? "")", "template": "\(edit.name)", "version": "\(verdict.version ?? "")"])
            }
            return Self.answer(verdict, saved: verdict.ok)
        }
    }

    func edit(_ request: Request, context: ConsoleContext) async throws -> Edit {
        var edit = try await request.decode(as: Edit.self, context: context)
        guard let name = TemplateFiles.safe(edit.name) else { throw HTTPError(.badRequest, message: "a template is a NAME.json file of \(files.directory)") }
        edit.name = name
        return edit
    }

    static func answer(_ verdict: TemplateFiles.Verdict, saved: Bool) -> Response {
        ConsoleResponses.json(
            ["ok": verdict.ok, "saved": saved, "version": verdict.version ?? "", "summary": verdict.summary, "issues": TemplateFiles.issueRows(verdict.issues)],
            status: verdict.ok ? .ok : .unprocessableContent)
    }
}

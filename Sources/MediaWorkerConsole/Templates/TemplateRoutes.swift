import Foundation
import Hummingbird
import MediaWorkerService

/// GET /templates (each file and whether it validates), GET /template?name= (its text, its
/// issues, and for operators an editor), POST /api/templates/validate `{name, text}` and
/// POST /api/templates/save `{name, text}` (operator role; refused with the issues, 422,
/// when the text does not validate), POST /api/templates/plan `{name, text, job}` (the plan
/// preview, ``TemplatePlanPreview``).
struct TemplateRoutes {
    let files: TemplateFiles
    let pages: PageRenderer
    /// With TEMPLATE_BUCKET_URI: a good edit goes to the bucket first, then to the folder.
    let bucket: TemplateBucketSync?
    let preview: TemplatePlanPreview

    struct Preview: Decodable {
        var name: String
        var text: String
        var job: String
    }

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
            let uploads = await preview.uploads()
            let values: [String: Any] = [
                "name": name, "text": text, "ok": verdict.ok, "summary": verdict.summary, "issues": TemplateFiles.issueRows(verdict.issues),
                "version": verdict.version ?? "", "uploads": uploads, "hasUploads": !uploads.isEmpty,
            ]
            return ConsoleResponses.html(pages.render("template", title: name, context: context, values: values))
        }
        router.post("/api/templates/validate") { request, context -> Response in
            let edit = try await edit(request, context: context)
            return Self.answer(TemplateFiles.validate(edit.text, name: edit.name), saved: false)
        }
        router.post("/api/templates/plan") { request, context -> Response in
            let asked = try await request.decode(as: Preview.self, context: context)
            guard let name = TemplateFiles.safe(asked.name) else { throw HTTPError(.badRequest, message: "a template is a NAME.json file of \(files.directory)") }
            let (status, body) = try await preview.plan(name: name, text: asked.text, recordKey: asked.job)
            return ConsoleResponses.json(body, status: HTTPResponse.Status(code: status))
        }
        router.post("/api/templates/save") { request, context -> Response in
            try context.require(.operator)
            let edit = try await edit(request, context: context)
            if let bucket, TemplateFiles.validate(edit.text, name: edit.name).ok {
                do {
                    try await bucket.put(name: edit.name, text: edit.text)
                } catch {
                    throw HTTPError(.badGateway, message: "not saved: s3://\(bucket.location.bucket)/\(bucket.location.key)\(edit.name) refused the edit (\(error)); check the console's S3 permissions")
                }
            }
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

import Foundation
import Hummingbird
import MediaWorkerPipeline
import MediaWorkerS3

/// The jobs list (GET /jobs, GET /api/jobs, GET /api/jobs/events) and one job (GET /job?id=).
struct JobRoutes {
    let index: JobIndex
    let pages: PageRenderer
    let details: JobDetails

    func add(to router: Router<ConsoleContext>) {
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/jobs"]) }
        router.get("/jobs") { request, context -> Response in
            let query = JobRows.query(Self.parameters(request))
            let page = await index.query(query)
            var values = JobRows.page(page, query: query)
            values["statuses"] = JobStatus.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == query.status] }
            return ConsoleResponses.html(pages.render("jobs", title: "Jobs", context: context, values: values))
        }
        router.get("/api/jobs") { request, _ -> Response in
            let query = JobRows.query(Self.parameters(request))
            let page = await index.query(query)
            var values = JobRows.page(page, query: query)
            values["version"] = await index.version
            return ConsoleResponses.json(values)
        }
        router.get("/api/jobs/events") { _, _ -> Response in
            JobEvents.stream(index: index)
        }
        router.get("/job") { request, context -> Response in
            guard let id = Self.parameters(request)["id"], id.hasPrefix("json/") else {
                throw HTTPError(.badRequest, message: "which job? /job?id=json/...")
            }
            guard let values = try await details.values(recordKey: id, summary: await index.summary(recordKey: id)) else {
                throw HTTPError(.notFound, message: "no job \(id)")
            }
            return ConsoleResponses.html(pages.render("job", title: "Job", context: context, values: values))
        }
    }

    static func parameters(_ request: Request) -> [String: String] {
        FormBody(request.uri.query ?? "").fields
    }
}

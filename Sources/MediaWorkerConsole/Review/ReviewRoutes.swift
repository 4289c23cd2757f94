import Foundation
import Hummingbird
import Logging
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService

/// Review and publish (reviewer role):
/// - GET /review: the jobs awaiting review;
/// - POST /api/job/approve `{id, note}`: every output but the original copied to
///   PUBLISH_BUCKET/PUBLISH_PREFIX, the record marked approved (who, when, why, where),
///   then the job's notification sent;
/// - POST /api/job/reject `{id, note}`: the record marked rejected; nothing is copied.
/// Only a pending job can be decided, once.
struct ReviewRoutes {
    let index: JobIndex
    let s3: S3Client
    let configuration: ConsoleConfiguration
    let notifications: JobNotifications?
    let pages: PageRenderer

    struct Decision: Decodable {
        var id: String
        var note: String?
    }

    func add(to router: Router<ConsoleContext>) {
        router.get("/review") { _, context -> Response in
            try context.require(.reviewer)
            let page = await index.query(JobQuery(status: .awaitingReview, pageSize: 200))
            var values = JobRows.page(page, query: JobQuery(status: .awaitingReview))
            values["publishTo"] = publishLocation ?? "(PUBLISH_BUCKET is not set: approval is refused)"
            return ConsoleResponses.html(pages.render("review", title: "Review", context: context, values: values))
        }
        router.post("/api/job/approve") { request, context -> Response in
            try await decide(request, context: context, approve: true)
        }
        router.post("/api/job/reject") { request, context -> Response in
            try await decide(request, context: context, approve: false)
        }
    }

    var publishLocation: String? {
        configuration.publishBucket.map { "s3://\($0)/\(configuration.publishPrefix)" }
    }

    func decide(_ request: Request, context: ConsoleContext, approve: Bool) async throws -> Response {
        try context.require(.reviewer)
        let decision = try await request.decode(as: Decision.self, context: context)
        let note = (decision.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw HTTPError(.badRequest, message: "say why in the note") }
        guard decision.id.hasPrefix("json/"), var report = try await index.report(recordKey: decision.id) else {
            throw HTTPError(.notFound, message: "no job \(decision.id)")
        }
        guard report.status == .complete, var review = report.review, review.state == .pending else {
            throw HTTPError(.conflict, message: "this job is not awaiting review (\(report.review?.state.rawValue ?? report.status.rawValue))")
        }
        if approve {
            guard let bucket = configuration.publishBucket else {
                throw HTTPError(.conflict, message: "approval publishes to PUBLISH_BUCKET, which the console was not given")
            }
            for output in report.outputs where output.role != .original {
                _ = try await s3.copyObject(
                    from: S3Location(bucket: configuration.deliveryBucket, key: output.path),
                    to: S3Location(bucket: bucket, key: configuration.publishPrefix + output.path))
            }
            review.publishedTo = publishLocation
        }
        review.state = approve ? .approved : .rejected
        review.decidedBy = context.identity?.name
        review.decidedAt = Date()
        review.note = note
        report.review = review
        try await S3JobRecordStore(store: s3, bucket: configuration.deliveryBucket).write(report)
        await index.update(recordKey: decision.id, report: report)
        context.logger.notice("console review", metadata: [
            "user": "\(context.identity?.name ?? "")", "key": "\(report.input.key)", "decision": "\(review.state.rawValue)",
        ])
        if approve { await notifications?.announce(report, bucket: configuration.deliveryBucket) }
        return ConsoleResponses.json(["state": review.state.rawValue, "publishedTo": review.publishedTo ?? ""])
    }
}

import Foundation
import MediaWorkerJSON
import MediaWorkerJobs
import MediaWorkerPipeline

/// The template page's plan preview: the template as it stands in the editor (saved or not)
/// planned for one upload the worker has probed (the probe in its job record), by the
/// worker's own planner: the outputs with their keys and sizes, the outputs left out and why,
/// what the plan decided, the members the local engine does not execute, and the CreateJob
/// body MediaConvert would get.
struct TemplatePlanPreview {
    let index: JobIndex
    let deliveryBucket: String
    let watchBucket: String?

    /// The uploads a preview can be planned for: the newest 50 whose record holds a probe.
    func uploads() async -> [[String: Any]] {
        let page = await index.query(JobQuery(page: 1, pageSize: 50))
        return page.rows.filter { $0.status != .processing && $0.status != .ignored }.map { ["id": $0.recordKey, "key": $0.uploadKey] }
    }

    /// The preview's JSON, or a refusal (an HTTP status and a message saying what to do).
    func plan(name: String, text: String, recordKey: String) async throws -> (status: Int, body: [String: Any]) {
        let template: JobTemplate
        do {
            template = try JobTemplate.parse(Array(text.utf8), name: name)
        } catch {
            let verdict = TemplateFiles.validate(text, name: name)
            return (422, ["ok": false, "error": "the template does not validate: \(verdict.summary)", "issues": TemplateFiles.issueRows(verdict.issues)])
        }
        guard recordKey.hasPrefix("json/"), let report = try await index.report(recordKey: recordKey) else {
            return (404, ["ok": false, "error": "no job \(recordKey): choose an upload from the list"])
        }
        guard let media = report.media else {
            return (409, ["ok": false, "error": "\(report.input.key) has no probe in its record (\(report.status.rawValue)); choose an upload the worker has probed"])
        }
        let source = JobSource(bucket: report.input.bucket ?? watchBucket ?? "watch-bucket", key: report.input.key, etag: report.input.etag ?? "")
        let planner = JobPlanner(submission: JobSubmission(role: "arn:aws:iam::000000000000:role/MEDIACONVERT_ROLE_ARN"))
        let job: PlannedJob
        do {
            job = try planner.plan(template: template, metadata: media, source: source, destination: DeliveryLayout(key: report.input.key).jobDestination(bucket: deliveryBucket))
        } catch {
            return (422, ["ok": false, "error": "the template cannot be planned for \(report.input.key): \(error)"])
        }
        let outputs: [[String: Any]] = job.outputs.map { output in
            var row: [String: Any] = ["key": output.key, "container": output.container.rawValue]
            if let width = output.width, let height = output.height { row["size"] = "\(width)×\(height)" }
            return row
        }
        let local = template.localWarnings.map { ["path": $0.path, "message": $0.message] }
        return (200, [
            "ok": true, "upload": report.input.key, "outputs": outputs, "dropped": job.dropped, "notes": job.notes, "notExecuted": local,
            "request": JSONWriter.write(MediaConvertWire.body(from: job.request), pretty: true),
        ])
    }
}

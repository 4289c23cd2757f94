import Foundation
import Hummingbird
import MediaWorkerPipeline
import MediaWorkerQueue
import MediaWorkerS3

/// The job page's actions (operator role; the CSRF token is checked before them):
/// - POST /api/job/retry `{"id"}`: the upload's S3 event sent to the worker's queue again;
/// - POST /api/job/rerun `{"id", "template"}`: the upload processed again with another
///   template of the templates directory (the event sent again with `mediaWorker.rerun`;
///   the worker replaces the earlier run's outputs with the new run's);
/// - POST /api/job/delete-outputs `{"id"}`: every output of the record deleted, manifests'
///   segments included (the record stays).
struct JobActions {
    let index: JobIndex
    let s3: S3Client
    let sqs: SQSClient?
    let templates: TemplateFiles
    let configuration: ConsoleConfiguration

    struct Target: Decodable {
        var id: String
    }

    struct Rerun: Decodable {
        var id: String
        var template: String
    }

    func add(to router: Router<ConsoleContext>) {
        router.post("/api/job/retry") { request, context -> Response in
            try context.require(.operator)
            let report = try await record(request, context: context)
            guard let sqs, let queueURL = configuration.queueURL else {
                throw HTTPError(.conflict, message: "retry needs the worker's queue: set QUEUE_URL for the console")
            }
            let event = RetryEvent.body(
                bucket: report.input.bucket ?? configuration.watchBucket, key: report.input.key, size: report.input.bytes, etag: report.input.etag,
                sequencer: report.input.sequencer)
            let id = try await sqs.sendMessage(queueURL: queueURL, body: event)
            context.logger.notice("console retry", metadata: ["user": "\(context.identity?.name ?? "")", "key": "\(report.input.key)", "message": "\(id)"])
            return ConsoleResponses.json(["queued": id])
        }
        router.post("/api/job/rerun") { request, context -> Response in
            try context.require(.operator)
            let asked = try await request.decode(as: Rerun.self, context: context)
            guard asked.id.hasPrefix("json/"), let report = try await index.report(recordKey: asked.id) else {
                throw HTTPError(.notFound, message: "no job \(asked.id)")
            }
            guard let name = TemplateFiles.safe(asked.template), templates.names.contains(name), let text = templates.text(name) else {
                throw HTTPError(.unprocessableContent, message: "no template \(asked.template) in \(templates.directory); choose one of: \(templates.names.joined(separator: ", "))")
            }
            let verdict = TemplateFiles.validate(text, name: name)
            guard verdict.ok else {
                throw HTTPError(.unprocessableContent, message: "\(name) does not validate (\(verdict.summary)); fix it on the Templates page first")
            }
            guard let sqs, let queueURL = configuration.queueURL else {
                throw HTTPError(.conflict, message: "re-run needs the worker's queue: set QUEUE_URL for the console")
            }
            let rerun = JobRerun(id: UUID().uuidString.lowercased(), template: name, requestedBy: context.identity?.name, requestedAt: JobRows.time(Date()))
            let event = RetryEvent.body(
                bucket: report.input.bucket ?? configuration.watchBucket, key: report.input.key, size: report.input.bytes, etag: report.input.etag,
                sequencer: report.input.sequencer, rerun: rerun)
            let message = try await sqs.sendMessage(queueURL: queueURL, body: event)
            context.logger.notice(
                "console re-run", metadata: ["user": "\(context.identity?.name ?? "")", "key": "\(report.input.key)", "template": "\(name)", "rerun": "\(rerun.id)"])
            return ConsoleResponses.json(["queued": message, "rerun": rerun.id, "template": name])
        }
        router.post("/api/job/delete-outputs") { request, context -> Response in
            try context.require(.operator)
            let report = try await record(request, context: context)
            let bucket = configuration.deliveryBucket
            let layout = DeliveryLayout(key: report.input.key)
            let keys = try await JobObjects.keys(of: report, includeOriginal: true, store: s3, bucket: bucket).filter { $0 != layout.metadata }
            let failures = keys.isEmpty ? [:] : try await s3.deleteObjects(bucket: configuration.deliveryBucket, keys: keys)
            context.logger.notice("console deleted outputs", metadata: ["user": "\(context.identity?.name ?? "")", "key": "\(report.input.key)", "count": "\(keys.count)"])
            return ConsoleResponses.json(["deleted": keys.count - failures.count, "failed": failures.count])
        }
    }

    func record(_ request: Request, context: ConsoleContext) async throws -> DeliveryReport {
        let target = try await request.decode(as: Target.self, context: context)
        guard target.id.hasPrefix("json/"), let report = try await index.report(recordKey: target.id) else {
            throw HTTPError(.notFound, message: "no job \(target.id)")
        }
        return report
    }
}

/// An S3 `ObjectCreated:Put` notification for one object, as the bucket sends it (the key
/// form-encoded, as S3 does). A retry carries the original event's sequencer: it is that
/// event again, so the worker neither takes it for a newer upload nor drops it as older.
enum RetryEvent {
    /// With `rerun`, the record carries `"mediaWorker": {"rerun": {...}}` (read by the worker's event decoder).
    static func body(bucket: String, key: String, size: Int64, etag: String?, sequencer: String? = nil, rerun: JobRerun? = nil, now: Date = Date()) -> String {
        var object: [String: Any] = ["key": formEncoded(key), "size": size]
        if let sequencer { object["sequencer"] = sequencer }
        if let etag { object["eTag"] = etag }
        var record: [String: Any] = [
            "eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "eventTime": JobRows.time(now),
            "s3": ["s3SchemaVersion": "1.0", "bucket": ["name": bucket], "object": object],
        ]
        if let rerun {
            var fields: [String: Any] = ["id": rerun.id, "template": rerun.template]
            if let by = rerun.requestedBy { fields["requestedBy"] = by }
            if let at = rerun.requestedAt { fields["requestedAt"] = at }
            record["mediaWorker"] = ["rerun": fields]
        }
        let data = (try? JSONSerialization.data(withJSONObject: ["Records": [record]], options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func formEncoded(_ key: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~/*")
        let encoded = key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key
        return encoded.replacingOccurrences(of: "%20", with: "+")
    }
}

import Foundation
import Hummingbird
import MediaWorkerPipeline
import MediaWorkerQueue
import MediaWorkerS3

/// The job page's actions (operator role; the CSRF token is checked before them):
/// - POST /api/job/retry `{"id"}`: the upload's S3 event sent to the worker's queue again;
/// - POST /api/job/delete-outputs `{"id"}`: every output of the record deleted (the record stays).
struct JobActions {
    let index: JobIndex
    let s3: S3Client
    let sqs: SQSClient?
    let configuration: ConsoleConfiguration

    struct Target: Decodable {
        var id: String
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
        router.post("/api/job/delete-outputs") { request, context -> Response in
            try context.require(.operator)
            let report = try await record(request, context: context)
            let keys = report.outputs.map(\.path)
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
    static func body(bucket: String, key: String, size: Int64, etag: String?, sequencer: String? = nil, now: Date = Date()) -> String {
        var object: [String: Any] = ["key": formEncoded(key), "size": size]
        if let sequencer { object["sequencer"] = sequencer }
        if let etag { object["eTag"] = etag }
        let record: [String: Any] = [
            "eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "eventTime": JobRows.time(now),
            "s3": ["s3SchemaVersion": "1.0", "bucket": ["name": bucket], "object": object],
        ]
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

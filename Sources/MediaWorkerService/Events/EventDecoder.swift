import Foundation
import MediaWorkerJobs
import MediaWorkerPipeline

/// Decodes queue message bodies into events. It reads every shape that reaches the worker:
///
/// - S3 notifications, `{"Records":[...]}` (eventVersion 2.x), from AWS, LocalStack and moto;
/// - `s3:TestEvent` (`{"Event":"s3:TestEvent",...}`);
/// - SNS notifications wrapping either (`{"Type":"Notification","Message":"..."}`), or
///   delivered raw (the S3 body itself);
/// - EventBridge "Object Created" events from S3, and "MediaConvert Job State Change";
/// - MinIO records: direct, in the webhook envelope (`{"EventName","Key","Records"}`) and in
///   the Redis `access` format (`[{"Event":[record],"EventTime":...}]`);
/// - RustFS records (`eventSource: rustfs:s3`) in the same two shapes as MinIO's;
/// - Ceph RGW records (`eventSource: ceph:s3`, with `opaqueData` and `eventId`), whose keys
///   are taken as they are (Ceph does not form-encode them);
/// - SeaweedFS filer events (`{"event_type","key","message":{...}}`), see
///   ``decodeSeaweedFS(_:)``;
/// - Backblaze B2 event notifications (`{"events":[{"eventType":"b2:...",...}]}`), see
///   ``decodeB2(_:)``.
///
/// Keys are decoded once, as HTML forms are (`+` to space, then percent-decoding); EventBridge
/// keys are decoded the same way.
public enum EventDecoder {
    /// The largest body decoded (SQS allows 256 KiB; MinIO webhook bodies are alike).
    public static let maxBodyBytes = 1 << 20

    public static func decode(_ body: String) throws(EventDecodingError) -> QueueEvent {
        guard body.utf8.count <= maxBodyBytes else { throw EventDecodingError("the body is \(body.utf8.count) bytes, over \(maxBodyBytes)") }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])
        } catch {
            throw EventDecodingError("not JSON: \(Self.excerpt(body))")
        }
        return try decode(json: parsed, depth: 0)
    }

    private static func decode(json: Any, depth: Int) throws(EventDecodingError) -> QueueEvent {
        guard depth < 3 else { throw EventDecodingError("notifications nested more than 3 deep") }
        if let array = json as? [Any] {
            return try decodeAccessFormat(array)
        }
        guard let object = json as? [String: Any] else { throw EventDecodingError("expected a JSON object, got \(type(of: json))") }
        // SNS: the S3 body is a string in Message.
        if let type = object["Type"] as? String, object["TopicArn"] != nil || object["Message"] != nil {
            guard type == "Notification" else { return .unrelated("SNS \(type) message") }
            guard let message = object["Message"] as? String else { throw EventDecodingError("SNS notification without a Message string") }
            let inner: Any
            do {
                inner = try JSONSerialization.jsonObject(with: Data(message.utf8), options: [.fragmentsAllowed])
            } catch {
                throw EventDecodingError("SNS Message is not JSON: \(Self.excerpt(message))")
            }
            return try decode(json: inner, depth: depth + 1)
        }
        if let event = object["Event"] as? String {
            guard event == "s3:TestEvent" else { return .unrelated("event \(event)") }
            return .test(bucket: object["Bucket"] as? String)
        }
        if object["event_type"] is String, object["key"] is String {
            return try decodeSeaweedFS(object)
        }
        if let events = object["events"], object["Records"] == nil {
            return try decodeB2(events)
        }
        if let records = object["Records"] {
            guard let list = records as? [Any] else { throw EventDecodingError("Records is not a list") }
            return .uploads(try list.map { (record) throws(EventDecodingError) -> UploadEvent in try decodeRecord(record) })
        }
        if let detailType = object["detail-type"] as? String {
            if detailType == "MediaConvert Job State Change" {
                let data = (try? JSONSerialization.data(withJSONObject: object)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                guard let change = JobStateChange.decode(data) else { throw EventDecodingError("a MediaConvert Job State Change without a readable job") }
                return .jobStateChange(change)
            }
            guard object["source"] as? String == "aws.s3" else { return .unrelated("EventBridge \(detailType) from \(object["source"] as? String ?? "?")") }
            return .uploads([try decodeEventBridge(object, detailType: detailType)])
        }
        throw EventDecodingError("no Records, Event or detail-type member: \(Self.excerpt(String(describing: object.keys.sorted())))")
    }

    /// MinIO's Redis target in `access` format: `[{"Event":[record,...],"EventTime":"..."}]`.
    private static func decodeAccessFormat(_ array: [Any]) throws(EventDecodingError) -> QueueEvent {
        var events: [UploadEvent] = []
        for entry in array {
            guard let entry = entry as? [String: Any], let records = entry["Event"] as? [Any] else {
                throw EventDecodingError("a list that is not MinIO's access format ([{\"Event\":[...],\"EventTime\":...}])")
            }
            for record in records { events.append(try decodeRecord(record)) }
        }
        return .uploads(events)
    }

    private static func decodeRecord(_ json: Any) throws(EventDecodingError) -> UploadEvent {
        guard let record = json as? [String: Any] else { throw EventDecodingError("a record that is not an object") }
        if let version = record["eventVersion"] as? String, !version.hasPrefix("2.") {
            throw EventDecodingError("eventVersion \(version), only 2.x is understood")
        }
        guard let rawName = record["eventName"] as? String else { throw EventDecodingError("a record without eventName") }
        guard let s3 = record["s3"] as? [String: Any], let bucket = (s3["bucket"] as? [String: Any])?["name"] as? String,
            let object = s3["object"] as? [String: Any], let rawKey = object["key"] as? String
        else { throw EventDecodingError("record \(rawName) without s3.bucket.name and s3.object.key") }
        let source = (record["eventSource"] as? String ?? "aws:s3").lowercased()
        let origin: UploadEvent.Origin =
            if source.hasPrefix("minio") { .minio } else if source.hasPrefix("ceph") { .ceph } else if source.hasPrefix("rustfs") { .rustfs } else { .s3Notification }
        return UploadEvent(
            bucket: bucket, key: origin == .ceph ? rawKey : try FormDecoding.decode(rawKey),
            name: rawName.hasPrefix("s3:") ? String(rawName.dropFirst(3)) : rawName,
            time: record["eventTime"] as? String, size: int64(object["size"]), etag: nonEmpty(object["eTag"] as? String ?? object["etag"] as? String),
            sequencer: nonEmpty(object["sequencer"] as? String), versionID: nonEmpty(object["versionId"] as? String),
            origin: origin, rerun: try rerun(record["mediaWorker"]))
    }

    /// `"mediaWorker": {"rerun": {"id", "template", "requestedBy", "requestedAt"}}` on an S3
    /// record (the console's Re-run): absent is no re-run; present, it must name both.
    static func rerun(_ value: Any?) throws(EventDecodingError) -> JobRerun? {
        guard let extra = value as? [String: Any], let rerun = extra["rerun"] else { return nil }
        guard let fields = rerun as? [String: Any], let id = nonEmpty(fields["id"] as? String), let template = nonEmpty(fields["template"] as? String) else {
            throw EventDecodingError("mediaWorker.rerun without an id and a template")
        }
        guard id.count <= 200, JobRerun.isValidTemplateName(template) else {
            throw EventDecodingError("mediaWorker.rerun: the template must be a file name of the templates directory (got \(excerpt(template)))")
        }
        return JobRerun(id: id, template: template, requestedBy: nonEmpty(fields["requestedBy"] as? String), requestedAt: nonEmpty(fields["requestedAt"] as? String))
    }

    /// EventBridge: `{"detail-type":"Object Created","source":"aws.s3","detail":{"bucket":{"name"},"object":{"key",...},"reason":"PutObject"}}`.
    private static func decodeEventBridge(_ object: [String: Any], detailType: String) throws(EventDecodingError) -> UploadEvent {
        guard let detail = object["detail"] as? [String: Any], let bucket = (detail["bucket"] as? [String: Any])?["name"] as? String,
            let item = detail["object"] as? [String: Any], let rawKey = item["key"] as? String
        else { throw EventDecodingError("EventBridge \(detailType) without detail.bucket.name and detail.object.key") }
        let name: String
        switch (detailType, detail["reason"] as? String) {
        case ("Object Created", "PutObject"?): name = "ObjectCreated:Put"
        case ("Object Created", "POST Object"?): name = "ObjectCreated:Post"
        case ("Object Created", "CopyObject"?): name = "ObjectCreated:Copy"
        case ("Object Created", "CompleteMultipartUpload"?): name = "ObjectCreated:CompleteMultipartUpload"
        case ("Object Created", _): name = "ObjectCreated:*"
        default: name = detailType
        }
        return UploadEvent(
            bucket: bucket, key: try FormDecoding.decode(rawKey), name: name, time: object["time"] as? String, size: int64(item["size"]),
            etag: nonEmpty(item["etag"] as? String), sequencer: nonEmpty(item["sequencer"] as? String),
            versionID: nonEmpty(item["version-id"] as? String), origin: .eventBridge)
    }

    static func int64(_ value: Any?) -> Int64? {
        switch value {
        case let number as NSNumber: number.int64Value
        case let text as String: Int64(text)
        default: nil
        }
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: CharacterSet(charactersIn: "\"")), !text.isEmpty else { return nil }
        return text
    }

    static func excerpt(_ text: String) -> String {
        text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}

import Foundation

/// Backblaze B2 event notifications, as B2 POSTs them to a webhook (written after B2's
/// Event Notifications reference; no B2 server runs here):
///
/// ```json
/// {"events":[{"accountId":"e85c6a500333","bucketId":"aea8c5bc362ae55070130333","bucketName":"watch",
///   "eventId":"…","eventTimestamp":1700000000000,"eventType":"b2:ObjectCreated:Upload","eventVersion":1,
///   "matchedRuleName":"media-worker","objectName":"inputs/my video.mp4","objectSize":1234,
///   "objectVersionId":"4_z…"}]}
/// ```
///
/// `objectName` is the file name as it is (B2 does not form-encode it); `objectVersionId` is
/// B2's file id, which its S3-compatible API calls the version id; there is no ETag (the
/// worker uses HeadObject's). Event types: `b2:ObjectCreated:Upload` → `ObjectCreated:Put`,
/// `b2:ObjectCreated:MultipartUpload` → `ObjectCreated:CompleteMultipartUpload`,
/// `b2:ObjectCreated:Copy` → `ObjectCreated:Copy`, `b2:ObjectCreated:Replica` and
/// `…:MultipartReplica` → `ObjectCreated:*` (a replicated object is new in its bucket); the
/// others (`b2:ObjectDeleted:*`, `b2:HideMarkerCreated:*`, `b2:MultipartUploadCreated:*`)
/// keep their name without `b2:` and are acknowledged and skipped. `b2:TestEvent` (sent when a
/// rule is tested) is a test event.
extension EventDecoder {
    static func decodeB2(_ value: Any) throws(EventDecodingError) -> QueueEvent {
        guard let list = value as? [Any] else { throw EventDecodingError("B2 events is not a list") }
        guard !list.isEmpty else { throw EventDecodingError("B2 events is empty") }
        var events: [UploadEvent] = []
        var testBucket: String??
        for item in list {
            guard let event = item as? [String: Any] else { throw EventDecodingError("a B2 event that is not an object") }
            guard let type = event["eventType"] as? String else { throw EventDecodingError("a B2 event without eventType") }
            if let version = int64(event["eventVersion"]), version != 1 {
                throw EventDecodingError("B2 eventVersion \(version), only 1 is understood")
            }
            if type == "b2:TestEvent" {
                testBucket = .some(event["bucketName"] as? String)
                continue
            }
            guard let bucket = event["bucketName"] as? String, !bucket.isEmpty, let key = event["objectName"] as? String, !key.isEmpty else {
                throw EventDecodingError("B2 event \(type) without bucketName and objectName")
            }
            let time = int64(event["eventTimestamp"]).map { isoTime(milliseconds: $0) }
            events.append(
                UploadEvent(
                    bucket: bucket, key: key, name: b2EventName(type), time: time, size: int64(event["objectSize"]),
                    versionID: nonEmpty(event["objectVersionId"] as? String), origin: .b2))
        }
        if events.isEmpty, let testBucket { return .test(bucket: testBucket) }
        return .uploads(events)
    }

    static func b2EventName(_ type: String) -> String {
        switch type {
        case "b2:ObjectCreated:Upload": "ObjectCreated:Put"
        case "b2:ObjectCreated:MultipartUpload": "ObjectCreated:CompleteMultipartUpload"
        case "b2:ObjectCreated:Copy": "ObjectCreated:Copy"
        case "b2:ObjectCreated:Replica", "b2:ObjectCreated:MultipartReplica": "ObjectCreated:*"
        default: type.hasPrefix("b2:") ? String(type.dropFirst(3)) : type
        }
    }
}

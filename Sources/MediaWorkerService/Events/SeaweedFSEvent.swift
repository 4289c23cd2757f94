import Foundation

/// SeaweedFS filer events, as its `notification.webhook` target POSTs them (captured from
/// `weed` 4.48, see `Tests/MediaWorkerTests/Fixtures/events/seaweedfs-4.48-*.json`):
///
/// ```json
/// {"event_type":"create","key":"/buckets/watch/inputs/my video.mp4",
///  "message":{"new_entry":{"name":"my video.mp4","attributes":{"file_size":3000,"mtime":1796163283,
///   "md5":"e0ItefmFNyk07h4SnjGlPw==",...},"extended":{"Seaweed-X-Amz-ETag":"N2I0Mj...",...}},
///   "new_parent_path":"/buckets/watch",...}}
/// ```
///
/// `event_type` is `create`, `update`, `delete` or `rename`; `key` is the filer path,
/// unescaped. The S3 gateway keeps bucket `B`'s object `K` at `/buckets/B/K` (the filer's
/// default buckets folder). Only `create` and `update` of a file (not a directory) in a
/// bucket become uploads; deletes, renames, directories, paths outside `/buckets/`, buckets
/// whose name starts with `.` (`.system`) and multipart parts under `B/.uploads/` are
/// acknowledged as unrelated. The event carries no ETag field as S3 has it: it is taken from
/// the entry's `Seaweed-X-Amz-ETag` extended attribute (base64 of the S3 ETag), else from
/// `attributes.md5` (base64 of the MD5, the ETag of a single-part upload), else left out
/// (the worker then uses HeadObject's). The payload's member is `message` in the captured
/// bodies; `message_data` (an object or a JSON string) is read too.
extension EventDecoder {
    /// The filer folder the S3 gateway keeps buckets in (`weed filer -dirBuckets`'s default).
    public static let seaweedFSBucketsFolder = "/buckets/"

    static func decodeSeaweedFS(_ object: [String: Any]) throws(EventDecodingError) -> QueueEvent {
        guard let type = object["event_type"] as? String, let path = object["key"] as? String else {
            throw EventDecodingError("a SeaweedFS event without event_type and key")
        }
        let message: [String: Any]
        switch object["message"] ?? object["message_data"] {
        case let value as [String: Any]: message = value
        case let text as String:
            guard let value = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
                throw EventDecodingError("SeaweedFS event \(type) \(excerpt(path)): message_data is not a JSON object")
            }
            message = value
        case nil: throw EventDecodingError("SeaweedFS event \(type) \(excerpt(path)) without message")
        default: throw EventDecodingError("SeaweedFS event \(type) \(excerpt(path)): message is not an object")
        }
        guard type == "create" || type == "update" else { return .unrelated("SeaweedFS \(type) of \(path)") }
        guard let entry = message["new_entry"] as? [String: Any] else {
            throw EventDecodingError("SeaweedFS \(type) of \(excerpt(path)) without message.new_entry")
        }
        if entry["is_directory"] as? Bool == true { return .unrelated("SeaweedFS \(type) of directory \(path)") }
        guard path.hasPrefix(seaweedFSBucketsFolder) else { return .unrelated("SeaweedFS \(type) of \(path), outside \(seaweedFSBucketsFolder)") }
        let rest = path.dropFirst(seaweedFSBucketsFolder.count)
        guard let slash = rest.firstIndex(of: "/") else { return .unrelated("SeaweedFS \(type) of \(path), not in a bucket") }
        let bucket = String(rest[..<slash])
        let key = String(rest[rest.index(after: slash)...])
        guard !bucket.isEmpty, !key.isEmpty else { throw EventDecodingError("SeaweedFS path \(excerpt(path)) names no bucket and key") }
        if bucket.hasPrefix(".") { return .unrelated("SeaweedFS \(type) of \(path), an internal folder") }
        if key.hasPrefix(".uploads/") { return .unrelated("SeaweedFS \(type) of \(path), a multipart upload's part") }
        let attributes = entry["attributes"] as? [String: Any] ?? [:]
        let extended = entry["extended"] as? [String: Any] ?? [:]
        let multipart = extended["X-Seaweedfs-Upload-Id"] != nil
        let time = int64(attributes["mtime"]).map { isoTime(milliseconds: $0 * 1000) }
        return .uploads([
            UploadEvent(
                bucket: bucket, key: key, name: multipart ? "ObjectCreated:CompleteMultipartUpload" : "ObjectCreated:*", time: time,
                size: int64(attributes["file_size"]), etag: seaweedFSETag(attributes: attributes, extended: extended), origin: .seaweedfs)
        ])
    }

    /// `Seaweed-X-Amz-ETag` (base64 of the ETag's text), else `md5` (base64 of 16 bytes) as hex.
    static func seaweedFSETag(attributes: [String: Any], extended: [String: Any]) -> String? {
        if let encoded = extended["Seaweed-X-Amz-ETag"] as? String, let data = Data(base64Encoded: encoded),
            let text = String(data: data, encoding: .utf8), let etag = nonEmpty(text)
        {
            return etag
        }
        if let encoded = attributes["md5"] as? String, let data = Data(base64Encoded: encoded), data.count == 16 {
            return data.map { String(format: "%02x", $0) }.joined()
        }
        return nil
    }

    /// `2026-11-21T10:15:02.391Z` for Unix milliseconds, exactly (no floating-point rounding).
    static func isoTime(milliseconds: Int64) -> String {
        let (seconds, remainder) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let (whole, fraction) = remainder < 0 ? (seconds - 1, remainder + 1000) : (seconds, remainder)
        var style = Date.ISO8601FormatStyle()
        style.timeZone = TimeZone(secondsFromGMT: 0)!
        let text = Date(timeIntervalSince1970: TimeInterval(whole)).formatted(style)
        return String(text.dropLast()) + String(format: ".%03dZ", Int(fraction))
    }
}

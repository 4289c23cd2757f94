import Foundation

/// The message body of a listed object: an S3 event notification (`{"Records":[...]}`,
/// eventName `ObjectCreated:Put`), so the listing's events take the path every other
/// source's do (``EventDecoder``). The key is URL-encoded as S3 encodes it (space as `+`,
/// `/` kept, the rest percent-encoded UTF-8); size and ETag come from the listing, the event
/// time from its LastModified. There is no sequencer: a listing has nothing that orders
/// changes the way S3's does, and the ETag check before each job already skips a replaced
/// object.
public enum ListingEventBody {
    /// Names the listing in `configurationId` and `principalId`.
    public static let configurationID = "media-worker-listing"

    /// The body for one listed object of `bucket`.
    public static func body(for object: ListedObject, bucket: String) -> String {
        var record: [String: Any] = [
            "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "", "eventName": "ObjectCreated:Put",
            "userIdentity": ["principalId": configurationID],
            "s3": [
                "s3SchemaVersion": "1.0", "configurationId": configurationID,
                "bucket": ["name": bucket, "arn": "arn:aws:s3:::\(bucket)"],
                "object": ["key": encodeKey(object.key), "size": object.size, "eTag": object.etag],
            ] as [String: Any],
        ]
        // A listing that gives no LastModified gives no event time: bodies stay the same.
        if let modified = object.lastModified { record["eventTime"] = modified.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
        let data = (try? JSONSerialization.data(withJSONObject: ["Records": [record]], options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// `inputs/my clip été+1.mp4` → `inputs/my+clip+%C3%A9t%C3%A9%2B1.mp4`.
    public static func encodeKey(_ key: String) -> String {
        var encoded = ""
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                encoded += "+"
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }
}

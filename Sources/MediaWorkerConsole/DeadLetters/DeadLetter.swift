import Foundation

/// A message a queue gave up on: where it is, its id, the upload it was about, why it
/// failed, and its body (shown, escaped, on the page).
struct DeadLetter: Sendable, Equatable {
    var box: String
    var id: String
    var key: String?
    var reason: String
    var body: String
}

/// One place dead letters are kept: the SQS dead-letter queue, the Redis dead list, the
/// webhook spool's dead folder. Redriving puts a message back where the worker reads it.
protocol DeadLetterBox: Sendable {
    /// `sqs`, `redis` or `spool`: the box's id in forms and URLs.
    var id: String { get }
    /// What the page calls it, with where it is.
    var title: String { get }
    func list(limit: Int) async throws -> [DeadLetter]
    /// Redrives the message `id`; false when it is no longer there.
    func redrive(id: String) async throws -> Bool
    /// Redrives every message; how many.
    func redriveAll() async throws -> Int
}

/// The upload key an S3 (or MinIO) event body names, for the page.
enum EventKey {
    static func key(of body: String) -> String? {
        guard let data = body.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) else { return nil }
        var records: [Any] = []
        if let dictionary = object as? [String: Any] {
            if let message = dictionary["Message"] as? String { return key(of: message) }
            records = dictionary["Records"] as? [Any] ?? []
        } else if let array = object as? [[String: Any]] {
            records = array.flatMap { $0["Event"] as? [Any] ?? [] }
        }
        guard let record = records.first as? [String: Any], let s3 = record["s3"] as? [String: Any], let object = s3["object"] as? [String: Any],
            let key = object["key"] as? String
        else { return nil }
        return key.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? key
    }
}

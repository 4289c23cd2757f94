import Foundation
public import MediaWorkerPipeline

/// What is sent when a job completes or fails: the event name, the upload and the delivered
/// metadata JSON in full. The same body goes to SNS (as the message) and to the webhook.
public struct JobNotification: Sendable {
    /// `media-worker.job.completed` or `media-worker.job.failed`.
    public let event: String
    public let report: DeliveryReport
    /// Where the metadata JSON was written in the delivery bucket.
    public let metadataKey: String?
    public let bucket: String

    /// A notification for a finished report; `nil` for states that are not an end (SUBMITTED, IGNORED).
    public init?(report: DeliveryReport, bucket: String, metadataKey: String?) {
        switch report.status {
        case .complete: event = "media-worker.job.completed"
        case .failed: event = "media-worker.job.failed"
        case .submitted, .ignored: return nil
        }
        self.report = report
        self.bucket = bucket
        self.metadataKey = metadataKey
    }

    /// The JSON body: `{"event", "status", "key", "delivery_bucket", "metadata_key", "metadata": {...}}`.
    public func body() throws -> [UInt8] {
        let metadata = try JSONSerialization.jsonObject(with: report.encoded())
        var object: [String: Any] = [
            "event": event, "status": report.status.rawValue, "key": report.input.key, "delivery_bucket": bucket, "metadata": metadata,
        ]
        if let metadataKey { object["metadata_key"] = metadataKey }
        if let source = report.input.bucket { object["source_bucket"] = source }
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    /// A short subject line: `media-worker COMPLETE inputs/clip.mp4`.
    public var subject: String { "media-worker \(report.status.rawValue) \(report.input.key)" }
}

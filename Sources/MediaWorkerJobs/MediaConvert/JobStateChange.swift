public import Foundation

/// A "MediaConvert Job State Change" event, as EventBridge delivers it to SQS (the event
/// itself as the message body) or through SNS (the event in the notification's `Message`).
public struct JobStateChange: Sendable, Equatable {
    /// The job as the event describes it (status, outputs with paths, error).
    public var job: MediaConvertJob
    /// When the state changed.
    public var time: Date?

    public init(job: MediaConvertJob, time: Date?) {
        self.job = job
        self.time = time
    }

    /// Decodes a message body; `nil` when it is not a MediaConvert job state change.
    public static func decode(_ body: String) -> JobStateChange? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return nil }
        if object["Type"] as? String == "Notification", let message = object["Message"] as? String { return decode(message) }
        guard object["detail-type"] as? String == "MediaConvert Job State Change", object["source"] as? String == "aws.mediaconvert",
            let detail = object["detail"] as? [String: Any], let job = MediaConvertJob(wire: detail)
        else { return nil }
        let time = (object["time"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
        return JobStateChange(job: job, time: time)
    }
}

public import MediaWorkerJobs

/// What a queue message turned out to be.
public enum QueueEvent: Sendable, Equatable {
    /// S3 object notifications (one message may carry several records).
    case uploads([UploadEvent])
    /// `s3:TestEvent`, sent when a notification is configured: acknowledged and skipped.
    case test(bucket: String?)
    /// A MediaConvert job state change (EventBridge), for the MediaConvert backend.
    case jobStateChange(JobStateChange)
    /// A well-formed message that is not for media-worker (an SNS subscription confirmation,
    /// another EventBridge event): acknowledged and skipped, with the reason logged.
    case unrelated(String)
}

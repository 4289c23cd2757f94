public import MediaWorkerPipeline

/// How one upload event ended.
public enum UploadOutcome: Sendable {
    /// Delivered; the metadata JSON says COMPLETE.
    case completed(DeliveryReport)
    /// Handed to MediaConvert; the metadata JSON says SUBMITTED.
    case submitted(DeliveryReport)
    /// Not processed, with the reason (a partial, another prefix, a duplicate, a stale event).
    case skipped(String)
    /// Failed on its final attempt; the metadata JSON says FAILED.
    case failed(DeliveryReport)
    /// Left for later: another worker holds the upload's claim. The message comes back after
    /// `retryAfterSeconds` (when that claim's lease ends), and then normally finds the job done.
    case deferred(String, retryAfterSeconds: Int)
}

extension UploadOutcome {
    /// The outcome's name in logs and metrics: completed, submitted, skipped, failed.
    public var name: String {
        switch self {
        case .completed: "completed"
        case .submitted: "submitted"
        case .skipped: "skipped"
        case .failed: "failed"
        case .deferred: "deferred"
        }
    }

    /// The delivered report, for every outcome but a skip.
    public var report: DeliveryReport? {
        switch self {
        case .completed(let report), .submitted(let report), .failed(let report): report
        case .skipped, .deferred: nil
        }
    }
}

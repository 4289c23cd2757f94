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
}

extension UploadOutcome {
    /// The outcome's name in logs and metrics: completed, submitted, skipped, failed.
    public var name: String {
        switch self {
        case .completed: "completed"
        case .submitted: "submitted"
        case .skipped: "skipped"
        case .failed: "failed"
        }
    }

    /// The delivered report, for every outcome but a skip.
    public var report: DeliveryReport? {
        switch self {
        case .completed(let report), .submitted(let report), .failed(let report): report
        case .skipped: nil
        }
    }
}

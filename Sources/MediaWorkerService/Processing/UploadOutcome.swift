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

public import MediaWorkerJobs
public import MediaWorkerPipeline

/// Applies a MediaConvert job state change (an EventBridge event that reached the queue, or
/// a GetJob poll) to the upload's job record. ``MediaConvertBackend`` is the real one.
public protocol JobCompletionHandler: Sendable {
    /// The updated record, or `nil` when the job is not one media-worker recorded.
    func complete(_ change: JobStateChange) async throws -> DeliveryReport?
}

extension MediaConvertBackend: JobCompletionHandler {}

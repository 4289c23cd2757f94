public import MediaWorkerMedia
public import MediaWorkerPipeline
public import MediaWorkerS3

/// One upload, checked and ready for its backend: the object as it is now, where its
/// outputs go, and the job record begun for it.
public struct PreparedUpload: Sendable {
    public var event: UploadEvent
    public var source: S3Location
    public var head: S3ObjectInfo
    public var layout: DeliveryLayout
    /// The record so far (input, attempt, worker); the backend fills in the rest.
    public var report: DeliveryReport
    public var cancellation: MediaCancellation
    /// Where the job writes: the store itself, or (with claims) a ``FencedStore`` that checks
    /// the claim before each write and stamps the fencing token on every output.
    public var store: any ObjectStore
    /// The claim held for the job, if claims are on: confirm it before writing a record
    /// through another client (MediaConvert's SUBMITTED record).
    public var claim: ClaimLease?

    /// Whether an earlier job of this upload may have written some of its outputs (a later
    /// delivery of the message, or a claim taken over): outputs are then compared with what is
    /// stored before they are written, so identical bytes are not written twice.
    public var mayRepeat: Bool { (report.attempt ?? 1) > 1 || (claim?.token ?? 1) > 1 }
}

/// What makes a video upload's outputs: the local engine or AWS Elemental MediaConvert.
/// ``UploadProcessor`` calls this and knows nothing else of either; each gets what it needs
/// when it is made and never reaches back into the processor.
public protocol UploadBackend: Sendable {
    /// Delivers the upload's outputs and writes its job record (COMPLETE, or SUBMITTED for
    /// a job that completes later). Throws to retry.
    func deliver(_ upload: PreparedUpload) async throws -> UploadOutcome
}

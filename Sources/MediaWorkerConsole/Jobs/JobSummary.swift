public import Foundation

/// One row of the jobs page: an upload and what its job record says (or "processing"
/// while the upload has no record yet).
public struct JobSummary: Sendable, Equatable {
    /// The record's key in the delivery bucket (`json/show/ep1.json`): the job's id.
    public var recordKey: String
    /// The upload's key (`inputs/show/ep1.mp4`).
    public var uploadKey: String
    public var status: JobStatus
    /// When the job started (the record's `started_at`), else when the upload or record was written.
    public var time: Date
    public var bytes: Int64
    public var errorCode: String?

    public init(recordKey: String, uploadKey: String, status: JobStatus, time: Date, bytes: Int64, errorCode: String? = nil) {
        self.recordKey = recordKey
        self.uploadKey = uploadKey
        self.status = status
        self.time = time
        self.bytes = bytes
        self.errorCode = errorCode
    }
}

/// The statuses the jobs page shows and filters by.
public enum JobStatus: String, Sendable, CaseIterable {
    case processing, submitted, complete, failed, ignored
    case awaitingReview = "awaiting_review"
    case published, rejected

    /// How the page shows it.
    public var label: String {
        switch self {
        case .awaitingReview: "awaiting review"
        default: rawValue
        }
    }
}

public import Foundation
public import MediaWorkerMedia

/// The metadata JSON written to `json/<name>.json` for every upload, success or failure.
/// Its schema is `schemas/delivery-metadata.v1.schema.json`.
public struct DeliveryReport: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Handed to MediaConvert; a job state change completes it.
        case submitted = "SUBMITTED"
        case complete = "COMPLETE"
        case failed = "FAILED"
        /// Not media-worker's to process (a plupload partial, an unknown type).
        case ignored = "IGNORED"
    }

    /// An output file, relative to the delivery root (the engines' own type).
    public typealias Output = MediaOutput

    /// Why a job failed: one of the documented ``FailureCode``s (`docs/errors.md`), a
    /// message, and the underlying service's own code when there is one. Build it from an
    /// error with `Failure(error)`, the one mapping.
    public struct Failure: Codable, Sendable, Equatable {
        public var code: FailureCode
        public var message: String
        /// The service's or library's own code: S3's `NoSuchKey`, MediaConvert's `1010`, ...
        public var cause: String?
        public init(_ code: FailureCode, message: String, cause: String? = nil) {
            self.code = code
            self.message = message
            self.cause = cause
        }
        public init(code: FailureCode, message: String, cause: String? = nil) {
            self.init(code, message: message, cause: cause)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let text = try container.decode(String.self, forKey: .code)
            // Metadata written before the one vocabulary (camelCase codes) reads as `internal`
            // with the old code kept as the cause.
            code = FailureCode(rawValue: text) ?? .internal
            message = try container.decode(String.self, forKey: .message)
            cause = try container.decodeIfPresent(String.self, forKey: .cause) ?? (code.rawValue == text ? nil : text)
        }
    }

    public struct Input: Codable, Sendable, Equatable {
        public var key: String
        public var bytes: Int64
        public var bucket: String?
        public var etag: String?
        public var versionId: String?
        /// The S3 event's sequencer, which orders events for one key.
        public var sequencer: String?
        /// The event that started the job (`ObjectCreated:Put`, ...).
        public var event: String?

        public init(key: String, bytes: Int64, bucket: String? = nil, etag: String? = nil, versionId: String? = nil) {
            self.key = key
            self.bytes = bytes
            self.bucket = bucket
            self.etag = etag
            self.versionId = versionId
        }
    }

    public var schemaVersion = 1
    public var status: Status
    public var input: Input
    public var kind: String?
    public var media: MediaMetadata?
    public var outputs: [Output] = []
    public var captions: CaptionSummary?
    /// The encoding job: MediaConvert's, or the local engine's run of the template.
    public var job: EncodingJob?
    public var error: Failure?
    public var startedAt: Date
    public var finishedAt: Date?
    public var worker: String
    public var workerVersion: String?
    /// Which delivery of the queue message this was.
    public var attempt: Int?
    /// The claim the job held while it wrote the outputs (absent when claims are off).
    public var claim: ClaimStamp?
    /// Seconds per step.
    public var timings: Timings?
    /// Review before publishing, when a review rule matched the upload (``JobReview``).
    public var review: JobReview?
    /// Set when this record comes from a re-run that was asked for (``JobRerun``).
    public var rerun: JobRerun?
    /// The shorts cut from the upload, when its template asks for them (`MediaWorkerShorts`).
    public var shorts: [DeliveredShort]?

    /// Seconds spent in each step of a worker run.
    public struct Timings: Codable, Sendable, Equatable {
        public var download: Double?
        public var process: Double?
        public var upload: Double?
        public var total: Double?
        public init(download: Double? = nil, process: Double? = nil, upload: Double? = nil, total: Double? = nil) {
            self.download = download
            self.process = process
            self.upload = upload
            self.total = total
        }
    }

    public init(status: Status, input: Input, startedAt: Date, worker: String) {
        self.status = status
        self.input = input
        self.startedAt = startedAt
        self.worker = worker
    }

    /// Decodes delivered JSON.
    public static func decode(_ data: Data) throws -> DeliveryReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(DeliveryReport.self, from: data)
    }

    /// Encodes as the delivered JSON: snake_case keys, ISO 8601 dates, sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// The claim a job's outputs were written under: its fencing token (also in each output's
/// `x-amz-meta-media-worker-claim-token`) and the worker that held it.
public struct ClaimStamp: Codable, Sendable, Equatable {
    public var token: Int
    public var owner: String
    public init(token: Int, owner: String) {
        self.token = token
        self.owner = owner
    }
}

/// What caption conversion did.
public struct CaptionSummary: Codable, Sendable, Equatable {
    public var sourceFormat: String
    public var encoding: String
    public var cues: Int
    public var fixes: Int
}

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

    /// An output file, relative to the delivery root.
    public struct Output: Codable, Sendable, Equatable {
        public var role: String
        public var path: String
        public var bytes: Int64
        public var width: Int?
        public var height: Int?
        public var duration: Double?
        public var bitrate: Int?
        public var time: Double?

        public init(role: String, path: String, bytes: Int64, width: Int? = nil, height: Int? = nil, duration: Double? = nil, bitrate: Int? = nil, time: Double? = nil) {
            self.role = role
            self.path = path
            self.bytes = bytes
            self.width = width
            self.height = height
            self.duration = duration
            self.bitrate = bitrate
            self.time = time
        }
    }

    public struct Failure: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
    }

    public struct Input: Codable, Sendable, Equatable {
        public var key: String
        public var bytes: Int64
        public var bucket: String?
        public var etag: String?
        public var versionId: String?

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
    public var job: JobRecord?
    public var error: Failure?
    public var startedAt: Date
    public var finishedAt: Date?
    public var worker: String

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

/// What caption conversion did.
public struct CaptionSummary: Codable, Sendable, Equatable {
    public var sourceFormat: String
    public var encoding: String
    public var cues: Int
    public var fixes: Int
}

public import Foundation

/// The listing watcher's durable state, one JSON object in the delivery bucket shared by
/// every watcher of one bucket and prefix: for each key, the ETag last claimed or finished
/// and what became of it. Written only with conditional writes (``ListingCursorStore``).
///
/// ```json
/// {"bucket":"media-watch","format":1,"prefix":"inputs/","objects":{
///   "inputs/a.srt":{"at":"…","attempts":1,"etag":"9b2c…","state":"done"},
///   "inputs/b.mp4":{"at":"…","attempts":2,"claim":"3f9a1c2e.7","etag":"41d8…","owner":"worker-2","state":"claimed","until":"…"}}}
/// ```
public struct ListingCursor: Codable, Sendable, Equatable {
    /// The format this build writes; a cursor of a later format is refused.
    public static let currentFormat = 1

    /// What became of a key's ETag.
    public struct Entry: Codable, Sendable, Equatable {
        /// Where the ETag is in its life.
        public enum State: String, Codable, Sendable {
            /// A watcher's job holds it until `until` (its lease, renewed by the heartbeat).
            case claimed
            /// Failed for now, or released at shutdown: claimable again from `until`.
            case waiting
            /// Its message was completed: nothing more for this ETag.
            case done
            /// Its message was dead-lettered (see `.media-worker.dead-letters.*` in the
            /// delivery bucket): nothing more for this ETag either.
            case deadLettered = "dead_lettered"
        }

        /// The ETag claimed or finished (without quotes).
        public var etag: String
        /// What became of it.
        public var state: State
        /// Claims of this ETag so far (each crash and retry counts, as SQS's receive count).
        public var attempts: Int
        /// `claimed`: the claim's id (`<run>.<batch>`) and the worker holding it.
        public var claim: String?
        /// The `WORKER_ID` holding the claim.
        public var owner: String?
        /// `claimed`: the lease's end; `waiting`: when it may be claimed again.
        public var until: Date?
        /// The last change, so that pruning spares entries newer than the listing.
        public var at: Date

        /// An entry; `claim`, `owner` and `until` as the state needs them.
        public init(etag: String, state: State, attempts: Int, claim: String? = nil, owner: String? = nil, until: Date? = nil, at: Date) {
            self.etag = etag
            self.state = state
            self.attempts = attempts
            self.claim = claim
            self.owner = owner
            self.until = until
            self.at = at
        }

        /// Finished for this ETag: completed or dead-lettered.
        public var isSettled: Bool { state == .done || state == .deadLettered }
    }

    /// The format it was written in.
    public var format = ListingCursor.currentFormat
    /// The watch bucket and prefix it belongs to (checked when read).
    public var bucket: String
    public var prefix: String
    /// Every key seen and not forgotten, with its entry.
    public var objects: [String: Entry]

    /// A cursor; empty when nothing was listed yet.
    public init(bucket: String, prefix: String, objects: [String: Entry] = [:]) {
        self.bucket = bucket
        self.prefix = prefix
        self.objects = objects
    }

    /// The JSON written to the bucket (sorted keys, dates as ISO 8601 with milliseconds).
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Self.dateStyle))
        }
        return Array(try encoder.encode(self))
    }

    /// Reads a cursor; the error says what is wrong with it.
    public static func decode(_ bytes: [UInt8]) throws -> ListingCursor {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = (try? Self.dateStyle.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text)) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(text) is not an ISO 8601 date")
        }
        return try decoder.decode(ListingCursor.self, from: Data(bytes))
    }

    private static let dateStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}

public import MediaWorkerPipeline

/// One object-created (or other object) notification, whatever carried it: an S3 event
/// record (AWS, LocalStack, moto, MinIO, Ceph RGW, RustFS), an EventBridge "Object Created"
/// event, a SeaweedFS filer event or a Backblaze B2 event notification.
public struct UploadEvent: Sendable, Equatable {
    /// Which kind of message carried the record (its raw value names the source in logs).
    public enum Origin: String, Sendable, Equatable, CaseIterable {
        case s3Notification = "s3"
        case eventBridge = "eventbridge"
        case minio = "minio"
        /// Ceph RGW's S3-style records (`eventSource: ceph:s3`).
        case ceph = "ceph"
        /// RustFS's S3-style records (`eventSource: rustfs:s3`).
        case rustfs = "rustfs"
        /// A SeaweedFS filer metadata event (`{"event_type","key","message"}`).
        case seaweedfs = "seaweedfs"
        /// A Backblaze B2 event notification (`{"events":[...]}`).
        case b2 = "b2"
    }

    public var bucket: String
    /// The object key, decoded once (`+` to space, then percent-decoding).
    public var key: String
    /// The event name without MinIO's `s3:` prefix: `ObjectCreated:Put`,
    /// `ObjectCreated:CompleteMultipartUpload`, `ObjectTagging:Put`, ...
    public var name: String
    public var time: String?
    public var size: Int64?
    /// The ETag as notifications carry it (no quotes).
    public var etag: String?
    /// Orders events for one key: a greater sequencer is a later change (hexadecimal, compared
    /// after padding to equal length).
    public var sequencer: String?
    public var versionID: String?
    public var origin: Origin
    /// A re-run that was asked for (an S3 record's `mediaWorker.rerun`): the upload is
    /// processed again with its template even when its record says COMPLETE.
    public var rerun: JobRerun?

    public init(
        bucket: String, key: String, name: String, time: String? = nil, size: Int64? = nil, etag: String? = nil,
        sequencer: String? = nil, versionID: String? = nil, origin: Origin = .s3Notification, rerun: JobRerun? = nil
    ) {
        self.bucket = bucket
        self.key = key
        self.name = name
        self.time = time
        self.size = size
        self.etag = etag
        self.sequencer = sequencer
        self.versionID = versionID
        self.origin = origin
        self.rerun = rerun
    }

    /// `ObjectCreated:Put`, `Post`, `Copy` and `CompleteMultipartUpload`: a new object to process.
    public var isObjectCreated: Bool {
        ["ObjectCreated:Put", "ObjectCreated:Post", "ObjectCreated:Copy", "ObjectCreated:CompleteMultipartUpload", "ObjectCreated:*"]
            .contains(name)
    }

    /// Whether `self` is a later change of the object than `other` by sequencer; `nil` when
    /// either has none (moto sends none) or they are equal (LocalStack repeats one value).
    public func isNewer(thanSequencer other: String?) -> Bool? {
        Self.isSequencer(sequencer, newerThan: other)
    }

    /// Whether sequencer `left` is later than `right`; `nil` when either is missing or they are equal.
    public static func isSequencer(_ left: String?, newerThan right: String?) -> Bool? {
        guard let mine = left?.uppercased(), let other = right?.uppercased(), !mine.isEmpty, !other.isEmpty, mine != other else { return nil }
        let width = max(mine.count, other.count)
        let left = String(repeating: "0", count: width - mine.count) + mine
        let right = String(repeating: "0", count: width - other.count) + other
        return left > right
    }
}

/// The uploaded object a job is planned for.
public struct JobSource: Sendable, Equatable {
    public var bucket: String
    public var key: String
    /// The ETag as S3 reports it, quotes removed.
    public var etag: String
    public var versionID: String?

    public init(bucket: String, key: String, etag: String, versionID: String? = nil) {
        self.bucket = bucket
        self.key = key
        self.etag = etag.trimmingCharacters(in: ["\""])
        self.versionID = versionID
    }

    /// `s3://bucket/key`, as MediaConvert's `FileInput` takes it.
    public var url: String { "s3://\(bucket)/\(key)" }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}

import Foundation

/// The uploaded object a job is planned for.
public struct JobSource: Sendable, Equatable {
    public var bucket: String
    public var key: String
    /// The ETag as S3 reports it, quotes removed.
    public var etag: String
    public var versionID: String?
    /// The caption file uploaded beside the upload, if there is one (``Placeholder/captionsURL``):
    /// an `s3://` URL for MediaConvert, a local path for the local engine.
    public var captionsURL: String?

    public init(bucket: String, key: String, etag: String, versionID: String? = nil, captionsURL: String? = nil) {
        self.captionsURL = captionsURL
        self.bucket = bucket
        self.key = key
        self.etag = etag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        self.versionID = versionID
    }

    /// `s3://bucket/key`, as MediaConvert's `FileInput` takes it.
    public var url: String { "s3://\(bucket)/\(key)" }
}

/// Where a job's renditions go: a bucket and a folder (`audiovideo/show/`), and the base name
/// outputs start with (the upload's file name without extension).
public struct JobDestination: Sendable, Equatable {
    public var bucket: String
    /// Ends with `/` (or is empty).
    public var prefix: String
    public var baseName: String

    public init(bucket: String, prefix: String, baseName: String) {
        self.bucket = bucket
        self.prefix = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
        self.baseName = baseName
    }

    /// `s3://bucket/audiovideo/show/`: the `{{DESTINATION}}` placeholder.
    public var url: String { "s3://\(bucket)/\(prefix)" }
}

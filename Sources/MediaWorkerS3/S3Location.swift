/// A bucket and key, as in `s3://BUCKET/KEY`.
public struct S3Location: Sendable, Equatable, CustomStringConvertible {
    public var bucket: String
    public var key: String

    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// Parses `s3://BUCKET/KEY` (the key may be empty: `s3://BUCKET` or `s3://BUCKET/`).
    public init(uri: String) throws(S3LocationError) {
        guard uri.hasPrefix("s3://") else {
            throw S3LocationError("\"\(uri)\" is not an S3 URI: write s3://BUCKET/KEY")
        }
        let rest = uri.dropFirst(5)
        let bucket = rest.prefix { $0 != "/" }
        guard !bucket.isEmpty else { throw S3LocationError("\"\(uri)\" has no bucket name: write s3://BUCKET/KEY") }
        self.bucket = String(bucket)
        self.key = String(rest.dropFirst(bucket.count + 1))
    }

    public var description: String { "s3://\(bucket)/\(key)" }
}

/// A malformed `s3://` URI.
public struct S3LocationError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

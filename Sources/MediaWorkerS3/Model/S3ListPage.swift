public import Foundation

/// One object in a listing.
public struct S3ObjectSummary: Sendable, Equatable {
    public var key: String
    public var size: Int64
    public var etag: String
    public var lastModified: Date?
}

/// One page of ListObjectsV2.
public struct S3ListPage: Sendable, Equatable {
    public var objects: [S3ObjectSummary]
    /// Common prefixes ("folders") when a delimiter was given.
    public var commonPrefixes: [String]
    /// The token for the next page, nil on the last one.
    public var nextContinuationToken: String?
}

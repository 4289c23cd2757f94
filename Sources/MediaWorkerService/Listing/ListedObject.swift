public import Foundation

/// One object of a ListObjectsV2 page, as the listing watcher sees it.
public struct ListedObject: Sendable, Equatable {
    /// The object's key, as listed (not encoded).
    public var key: String
    /// The ETag without quotes.
    public var etag: String
    /// Bytes.
    public var size: Int64
    /// The listing's LastModified (the event time), when it gives one.
    public var lastModified: Date?

    /// An object as a listing names it.
    public init(key: String, etag: String, size: Int64, lastModified: Date? = nil) {
        self.key = key
        self.etag = etag
        self.size = size
        self.lastModified = lastModified
    }
}

public import MediaWorkerS3

/// A conditional write lost: another watcher changed the object first (412, or 409
/// `ConditionalRequestConflict`).
public struct ListingWriteConflict: Error, CustomStringConvertible, Sendable {
    /// The object that changed.
    public var location: S3Location
    /// A lost write of `location`.
    public init(location: S3Location) { self.location = location }
    /// What happened, for logs.
    public var description: String { "\(location) was changed by another writer" }
}

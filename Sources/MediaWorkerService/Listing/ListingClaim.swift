import Foundation

/// An object this watcher claimed in the cursor: it becomes one message, and settling the
/// message settles the claim (`id` must still be the claim on the key for that to count).
public struct ListingClaim: Sendable, Equatable {
    /// The object as the listing showed it.
    public var object: ListedObject
    /// The claim's id in the cursor: `<run>.<batch>`, the same for every claim of one write.
    public var id: String
    /// Which claim of this object's ETag this is, from 1 (a claim lost to a crash counts).
    public var attempt: Int

    /// A claim as the cursor records it.
    public init(object: ListedObject, id: String, attempt: Int) {
        self.object = object
        self.id = id
        self.attempt = attempt
    }

    /// The claimed key.
    public var key: String { object.key }
    /// The claimed ETag: settling the claim settles this ETag only.
    public var etag: String { object.etag }
}

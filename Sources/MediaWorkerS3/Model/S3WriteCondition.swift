/// A conditional PutObject (S3's conditional writes): the store refuses the write with
/// `412 PreconditionFailed` when the condition does not hold, so two writers cannot both
/// create, or both replace, the same version of an object.
public enum S3WriteCondition: Sendable, Equatable {
    /// `If-None-Match: *`: only if no object has the key.
    case absent
    /// `If-Match: "<etag>"`: only if the object is still the one with this ETag.
    case matches(etag: String)

    var header: (String, String) {
        switch self {
        case .absent: ("If-None-Match", "*")
        case .matches(let etag): ("If-Match", "\"\(etag.trimmingCharacters(in: ["\""]))\"")
        }
    }
}

/// Where media is read from.
public enum MediaSource: Sendable {
    /// A local file.
    case file(String)
    /// Any random-access byte source, such as an S3 object.
    case reader(any RandomAccessReader)

    /// The path or name used in messages.
    public var name: String {
        switch self {
        case .file(let path): path
        case .reader(let reader): reader.name
        }
    }
}

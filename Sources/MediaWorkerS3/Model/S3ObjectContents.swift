/// A small object read whole: its bytes and what the GET said of it (the ETag a
/// conditional write then names).
public struct S3ObjectContents: Sendable, Equatable {
    public var bytes: [UInt8]
    public var info: S3ObjectInfo

    public init(bytes: [UInt8], info: S3ObjectInfo) {
        self.bytes = bytes
        self.info = info
    }
}

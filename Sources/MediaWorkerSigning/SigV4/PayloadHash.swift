/// What goes in the payload line of the canonical request (and in `x-amz-content-sha256`).
public enum PayloadHash: Sendable, Equatable {
    /// The lowercase hex SHA-256 of the body.
    case sha256(String)
    /// `UNSIGNED-PAYLOAD`: the body is not covered by the signature (presigned URLs, TLS uploads).
    case unsigned
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: S3 aws-chunked upload, each chunk signed.
    case streaming

    /// The hash of an empty body.
    public static let empty = PayloadHash.sha256(SHA256.emptyHex)

    /// The hash of `bytes`.
    public static func of<Bytes: Sequence>(_ bytes: Bytes) -> PayloadHash where Bytes.Element == UInt8 {
        .sha256(Hex.encode(SHA256.hash(bytes)))
    }

    /// The value as it appears in the canonical request.
    public var value: String {
        switch self {
        case .sha256(let hex): return hex
        case .unsigned: return "UNSIGNED-PAYLOAD"
        case .streaming: return "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
        }
    }
}

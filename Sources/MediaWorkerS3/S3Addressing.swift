public import MediaWorkerAWS
import MediaWorkerSigning

/// How bucket names go into URLs.
public enum S3AddressingStyle: String, Sendable, CaseIterable {
    /// Virtual-hosted on AWS (when the bucket name allows), path style on custom endpoints.
    case auto
    /// `https://BUCKET.s3.REGION.amazonaws.com/KEY`.
    case virtual
    /// `https://ENDPOINT/BUCKET/KEY` (MinIO, LocalStack, moto).
    case path

    /// Resolves `auto` for an endpoint and bucket.
    public func resolved(endpoint: AWSEndpoint, bucket: String) -> S3AddressingStyle {
        switch self {
        case .virtual, .path: return self
        case .auto:
            if endpoint.isCustom { return .path }
            return Self.isVirtualHostable(bucket, https: endpoint.scheme == "https") ? .virtual : .path
        }
    }

    /// Whether a bucket name can be a DNS label under the S3 host (with TLS, no dots,
    /// or the wildcard certificate would not match).
    public static func isVirtualHostable(_ bucket: String, https: Bool) -> Bool {
        guard (3...63).contains(bucket.count), !(https && bucket.contains(".")) else { return false }
        let allowed = bucket.allSatisfy { ($0.isLowercase && $0.isASCII) || ($0.isNumber && $0.isASCII) || $0 == "-" || $0 == "." }
        guard allowed, let first = bucket.first, let last = bucket.last else { return false }
        return first != "-" && last != "-" && first != "." && last != "." && !bucket.contains("..")
    }
}

/// Builds the endpoint and wire path of an S3 object or bucket.
public struct S3Addressing: Sendable {
    public var endpoint: AWSEndpoint
    public var style: S3AddressingStyle

    public init(endpoint: AWSEndpoint, style: S3AddressingStyle = .auto) {
        self.endpoint = endpoint
        self.style = style
    }

    /// The endpoint to send to and the path (key encoded once, `/` kept) for a location.
    public func address(_ location: S3Location) -> (endpoint: AWSEndpoint, path: String) {
        let encodedKey = SigV4Encoding.encode(location.key, keepSlash: true)
        switch style.resolved(endpoint: endpoint, bucket: location.bucket) {
        case .virtual:
            return (endpoint.withHost("\(location.bucket).\(endpoint.host)"), "/" + encodedKey)
        case .path, .auto:
            return (endpoint, "/" + SigV4Encoding.encode(location.bucket) + (location.key.isEmpty ? "" : "/" + encodedKey))
        }
    }
}

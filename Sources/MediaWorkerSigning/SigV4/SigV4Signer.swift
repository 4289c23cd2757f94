public import struct Foundation.Date
import MediaWorkerSupport

/// AWS Signature Version 4 on libcrypto: header signing, presigned URLs and the seed
/// of S3's signed chunked uploads. The time is always passed in, so results are
/// reproducible in tests.
public struct SigV4Signer: Sendable {
    /// How the path enters the canonical request.
    public enum PathRules: Sendable, Equatable {
        /// S3: the wire path is used as it is, encoded once, never normalized.
        case s3
        /// Every other service: the wire path is normalized (when asked) and encoded again.
        case standard(normalize: Bool)
    }

    /// The signer's settings.
    public struct Configuration: Sendable {
        /// The signing name of the service: `s3`, `sqs`, `sts`, `mediaconvert`, ...
        public var service: String
        /// The region of the credential scope.
        public var region: String
        /// Path rules; `.s3` for S3, `.standard(normalize: true)` otherwise.
        public var pathRules: PathRules
        /// Send `x-amz-content-sha256` (S3 requires it; the test suite does it when signing bodies).
        public var addContentSHA256Header: Bool
        /// Sign without the session token and add it afterwards (services that require that).
        public var omitSessionTokenFromSignature: Bool

        public init(service: String, region: String, pathRules: PathRules? = nil, addContentSHA256Header: Bool? = nil, omitSessionTokenFromSignature: Bool = false) {
            self.service = service
            self.region = region
            self.pathRules = pathRules ?? (service == "s3" ? .s3 : .standard(normalize: true))
            self.addContentSHA256Header = addContentSHA256Header ?? (service == "s3")
            self.omitSessionTokenFromSignature = omitSessionTokenFromSignature
        }
    }

    /// The intermediate and final results of one signing, for logs and tests.
    public struct Result: Sendable {
        /// The request with the signing headers or query parameters added.
        public var request: SignableRequest
        public var canonicalRequest: String
        public var stringToSign: String
        /// The hex signature.
        public var signature: String
        /// The date used, for chunk signing.
        public var timestamp: SigV4Timestamp
    }

    /// Headers never signed (botocore's list, plus Authorization): proxies, tracers and
    /// HTTP clients may add or change them on the way.
    public static let unsignedHeaders: Set<String> = [
        "authorization", "baggage", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "traceparent", "tracestate", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]
    /// The longest a presigned URL may live: 7 days.
    public static let maximumExpiry = 604_800
    public static let algorithm = "AWS4-HMAC-SHA256"

    public var credentials: AWSCredentials
    public var configuration: Configuration
    private let keyCache: SigningKeyCache

    public init(credentials: AWSCredentials, configuration: Configuration, keyCache: SigningKeyCache = .shared) {
        self.credentials = credentials
        self.configuration = configuration
        self.keyCache = keyCache
    }

    /// The credential scope: `DATE/REGION/SERVICE/aws4_request`.
    public func scope(_ timestamp: SigV4Timestamp) -> String {
        "\(timestamp.dateStamp)/\(configuration.region)/\(configuration.service)/aws4_request"
    }

    /// The derived signing key for a day.
    public func signingKey(_ timestamp: SigV4Timestamp) -> [UInt8] {
        keyCache.signingKey(secret: credentials.secretAccessKey, date: timestamp.dateStamp, region: configuration.region, service: configuration.service)
    }

    /// Derives `kSigning` from the secret (no cache).
    public static func deriveSigningKey(secret: String, date: String, region: String, service: String) -> [UInt8] {
        let kDate = HMACSHA256.authenticate(key: Array(("AWS4" + secret).utf8), string: date)
        let kRegion = HMACSHA256.authenticate(key: kDate, string: region)
        let kService = HMACSHA256.authenticate(key: kRegion, string: service)
        return HMACSHA256.authenticate(key: kService, string: "aws4_request")
    }

    // MARK: Header signing

    /// Signs with an `Authorization` header. Adds `X-Amz-Date`, `X-Amz-Security-Token`
    /// (with temporary credentials) and, where configured, `x-amz-content-sha256`.
    public func signHeaders(_ request: SignableRequest, payload: PayloadHash, date: Date) -> Result {
        let timestamp = SigV4Timestamp(date)
        var signed = request
        for name in ["authorization", "x-amz-date", "x-amz-security-token"] {
            signed.headers.removeAll { $0.name.lowercased() == name }
        }
        signed.headers.append(HTTPHeader("X-Amz-Date", timestamp.amzDate))
        if let token = credentials.sessionToken, !configuration.omitSessionTokenFromSignature {
            signed.headers.append(HTTPHeader("X-Amz-Security-Token", token))
        }
        if configuration.addContentSHA256Header {
            signed.setHeader("x-amz-content-sha256", payload.value)
        }
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(of: signed)
        let canonical = canonicalRequest(signed, canonicalHeaders: canonicalHeaders, signedHeaders: signedHeaders, payload: payload.value)
        let stringToSign = self.stringToSign(canonical, timestamp)
        let signature = Hex.encode(HMACSHA256.authenticate(key: signingKey(timestamp), string: stringToSign))
        signed.headers.append(HTTPHeader(
            "Authorization",
            "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(timestamp)), SignedHeaders=\(signedHeaders), Signature=\(signature)"))
        if let token = credentials.sessionToken, configuration.omitSessionTokenFromSignature {
            signed.headers.append(HTTPHeader("X-Amz-Security-Token", token))
        }
        return Result(request: signed, canonicalRequest: canonical, stringToSign: stringToSign, signature: signature, timestamp: timestamp)
    }

    // MARK: Query signing (presigned URLs)

    /// Signs with query parameters, for a URL that works without headers for
    /// `expires` seconds (1 to 604800). S3 uses `.unsigned` as payload.
    public func presign(_ request: SignableRequest, expires: Int, payload: PayloadHash = .unsigned, date: Date) throws(SigningError) -> Result {
        guard expires >= 1, expires <= Self.maximumExpiry else {
            throw SigningError(code: .invalidExpiry, message: "a presigned URL must expire in 1 to \(Self.maximumExpiry) seconds (7 days); \(expires) was asked")
        }
        let timestamp = SigV4Timestamp(date)
        var signed = request
        signed.query.removeAll { $0.name.hasPrefix("X-Amz-") && ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Security-Token", "X-Amz-Signature"].contains($0.name) }
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(of: signed)
        signed.query.append(QueryItem("X-Amz-Algorithm", Self.algorithm))
        signed.query.append(QueryItem("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(timestamp))"))
        signed.query.append(QueryItem("X-Amz-Date", timestamp.amzDate))
        signed.query.append(QueryItem("X-Amz-SignedHeaders", signedHeaders))
        signed.query.append(QueryItem("X-Amz-Expires", String(expires)))
        if let token = credentials.sessionToken, !configuration.omitSessionTokenFromSignature {
            signed.query.append(QueryItem("X-Amz-Security-Token", token))
        }
        let canonical = canonicalRequest(signed, canonicalHeaders: canonicalHeaders, signedHeaders: signedHeaders, payload: payload.value)
        let stringToSign = self.stringToSign(canonical, timestamp)
        let signature = Hex.encode(HMACSHA256.authenticate(key: signingKey(timestamp), string: stringToSign))
        if let token = credentials.sessionToken, configuration.omitSessionTokenFromSignature {
            signed.query.append(QueryItem("X-Amz-Security-Token", token))
        }
        signed.query.append(QueryItem("X-Amz-Signature", signature))
        return Result(request: signed, canonicalRequest: canonical, stringToSign: stringToSign, signature: signature, timestamp: timestamp)
    }

    // MARK: Canonical form

    /// The canonical URI of a wire path under this signer's path rules.
    public func canonicalPath(_ path: String) -> String {
        switch configuration.pathRules {
        case .s3:
            return path.isEmpty ? "/" : path
        case .standard(let normalize):
            let base = normalize ? SigV4Encoding.normalizePath(path) : path
            return SigV4Encoding.encode(base, keepSlash: true)
        }
    }

    /// The canonical query string: names and values encoded, sorted by name then value.
    public static func canonicalQuery(_ items: [QueryItem]) -> String {
        items
            .map { (SigV4Encoding.encode($0.name), SigV4Encoding.encode($0.value)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// The canonical header block and the signed-header list.
    public static func canonicalHeaders(of request: SignableRequest) -> (String, String) {
        var grouped: [String: [String]] = [:]
        var hasHost = false
        for field in request.headers {
            let name = field.name.lowercased()
            if unsignedHeaders.contains(name) { continue }
            if name == "host" { hasHost = true }
            grouped[name, default: []].append(canonicalValue(field.value))
        }
        if !hasHost { grouped["host"] = [request.host] }
        let names = grouped.keys.sorted()
        let block = names.map { "\($0):\(grouped[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    /// Trims a header value and folds runs of white space (and obsolete line folding) to one space.
    public static func canonicalValue(_ value: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            if byte == 0x20 || byte == 0x09 || byte == 0x0a || byte == 0x0d {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func canonicalRequest(_ request: SignableRequest, canonicalHeaders: String, signedHeaders: String, payload: String) -> String {
        [request.method.uppercased(), canonicalPath(request.path), Self.canonicalQuery(request.query), canonicalHeaders, signedHeaders, payload]
            .joined(separator: "\n")
    }

    func stringToSign(_ canonicalRequest: String, _ timestamp: SigV4Timestamp) -> String {
        [Self.algorithm, timestamp.amzDate, scope(timestamp), SHA256.hex(canonicalRequest)].joined(separator: "\n")
    }
}

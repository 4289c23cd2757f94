public import MediaWorkerSigning
public import MediaWorkerHTTP
public import MediaWorkerSupport

/// A request to an AWS-compatible service, before signing.
public struct AWSRequest: Sendable {
    /// How the body is covered by the signature.
    public enum Payload: Sendable, Equatable {
        /// Hash the body (read once before sending, off the cooperative pool).
        case signed
        /// A hash computed by the caller.
        case precomputed(String)
        /// `UNSIGNED-PAYLOAD` (S3 over TLS; integrity from checksums instead).
        case unsigned
        /// S3 aws-chunked upload with every chunk signed (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`).
        case streaming(chunkSize: Int)
    }

    /// The service's signing name and endpoint id: `s3`, `sqs`, `sts`, ...
    public var service: String
    /// The API operation, for messages: `PutObject`, `SendMessage`, ...
    public var operation: String
    public var method: String
    public var endpoint: AWSEndpoint
    /// The path on the wire, below the endpoint's base path, percent-encoded.
    public var path: String
    public var query: [QueryItem]
    public var headers: [HTTPHeader]
    public var body: HTTPRequest.Body
    public var payload: Payload
    /// What the request addresses, for messages (`s3://bucket/key`).
    public var resource: String

    public init(
        service: String, operation: String, method: String, endpoint: AWSEndpoint, path: String = "/",
        query: [QueryItem] = [], headers: [HTTPHeader] = [], body: HTTPRequest.Body = .empty,
        payload: Payload = .signed, resource: String? = nil
    ) {
        self.service = service
        self.operation = operation
        self.method = method
        self.endpoint = endpoint
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.payload = payload
        self.resource = resource ?? endpoint.url + path
    }

    /// The request as SigV4 sees it.
    var signable: SignableRequest {
        SignableRequest(method: method, scheme: endpoint.scheme, host: endpoint.hostHeader, path: endpoint.basePath + path, query: query, headers: headers)
    }
}

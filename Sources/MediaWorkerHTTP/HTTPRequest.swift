public import MediaWorkerSupport

/// An HTTP request for ``HTTPClient``.
public struct HTTPRequest: Sendable {
    /// What to send as the body.
    public enum Body: Sendable {
        /// No body (GET, HEAD, DELETE, or an empty PUT/POST with `Content-Length: 0`).
        case empty
        /// Bytes held in memory (small bodies: XML, JSON).
        case bytes([UInt8])
        /// A byte range of a file, read as it is sent (never loaded whole).
        case file(path: String, offset: Int64 = 0, length: Int64)
        /// Bytes produced as they are sent, `length` known in advance. The factory is
        /// called once per attempt, so a retried request starts from the beginning.
        case producer(length: Int64, @Sendable () throws -> any HTTPBodyProducer)

        /// The body's length in bytes.
        public var length: Int64 {
            switch self {
            case .empty: return 0
            case .bytes(let bytes): return Int64(bytes.count)
            case .file(_, _, let length): return length
            case .producer(let length, _): return length
            }
        }
    }

    public var method: String
    /// The full URL, already percent-encoded.
    public var url: String
    public var headers: [HTTPHeader]
    public var body: Body
    /// Overrides the client's connect and total timeouts for this request (metadata
    /// endpoints that must fail fast when absent).
    public var timeout: Duration?

    public init(method: String, url: String, headers: [HTTPHeader] = [], body: Body = .empty, timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

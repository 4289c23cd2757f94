public import MediaWorkerSupport

/// A completed HTTP exchange.
public struct HTTPResponse: Sendable {
    /// The final status code (after any `100 Continue`).
    public var status: Int
    /// The final response's headers.
    public var headers: [HTTPHeader]
    /// The body when the sink was `.collect`, or the (bounded) body of an error status
    /// (300 and above) whatever the sink: error bodies never go to a file or a consumer.
    public var body: [UInt8]
    /// Bytes of body received (for `.file` and `.stream` too).
    public var bodyLength: Int64
    /// Connections opened for this request: 0 when an existing connection was reused.
    public var newConnections: Int

    public init(status: Int, headers: [HTTPHeader], body: [UInt8], bodyLength: Int64? = nil, newConnections: Int = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyLength = bodyLength ?? Int64(body.count)
        self.newConnections = newConnections
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

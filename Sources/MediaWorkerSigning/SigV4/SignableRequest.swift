public import MediaWorkerSupport

/// One query parameter, with its name and value decoded (not percent-encoded).
public struct QueryItem: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String = "") {
        self.name = name
        self.value = value
    }
}

/// The parts of an HTTP request that SigV4 covers.
public struct SignableRequest: Sendable, Equatable {
    /// The HTTP method, for example `GET`.
    public var method: String
    /// `http` or `https`.
    public var scheme: String
    /// The `Host` value: the host name, plus `:port` when the port is not the scheme's default.
    public var host: String
    /// The path exactly as it goes on the wire (already percent-encoded where needed).
    public var path: String
    /// Query parameters, decoded. They are encoded once, by SigV4's rules, when sent.
    public var query: [QueryItem]
    /// Headers to send, exactly as sent (the transport takes this array as it is). `Host` is
    /// implied by `host` and need not be listed.
    public var headers: [HTTPHeader]

    /// A request to sign; an empty `path` is `/`.
    public init(method: String, scheme: String = "https", host: String, path: String, query: [QueryItem] = [], headers: [HTTPHeader] = []) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.path = path.isEmpty ? "/" : path
        self.query = query
        self.headers = headers
    }

    /// The first value of a header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.value(of: name)
    }

    /// Sets a header, replacing any with the same name.
    public mutating func setHeader(_ name: String, _ value: String) {
        headers.remove(named: name)
        headers.append(HTTPHeader(name, value))
    }

    /// The encoded query string, in the order of `query`.
    public var encodedQuery: String {
        query.map { SigV4Encoding.encode($0.name) + "=" + SigV4Encoding.encode($0.value) }.joined(separator: "&")
    }

    /// The full URL of the request.
    public var url: String {
        let queryString = encodedQuery
        return scheme + "://" + host + path + (queryString.isEmpty ? "" : "?" + queryString)
    }
}

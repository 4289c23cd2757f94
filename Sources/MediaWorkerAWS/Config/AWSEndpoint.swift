/// A service endpoint: scheme, host, optional port and base path.
public struct AWSEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var scheme: String
    public var host: String
    public var port: Int?
    /// A path prefix the endpoint lives under (usually empty).
    public var basePath: String
    /// Whether this is a custom endpoint (not AWS's own), which implies path-style S3.
    public var isCustom: Bool

    public init(scheme: String, host: String, port: Int? = nil, basePath: String = "", isCustom: Bool) {
        self.scheme = scheme.lowercased()
        self.host = host
        self.port = port
        self.basePath = basePath
        self.isCustom = isCustom
    }

    /// Parses `http://127.0.0.1:4566`, `https://s3.example.com/base`.
    public init?(url: String, isCustom: Bool = true) {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let scheme = String(url[..<schemeEnd.lowerBound]).lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = url[schemeEnd.upperBound...]
        var basePath = ""
        if let slash = rest.firstIndex(of: "/") {
            basePath = String(rest[slash...])
            rest = rest[..<slash]
            while basePath.hasSuffix("/") { basePath.removeLast() }
        }
        var host = String(rest)
        var port: Int?
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
            guard let number = Int(host[host.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            port = number
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { return nil }
        self.init(scheme: scheme, host: host, port: port, basePath: basePath, isCustom: isCustom)
    }

    /// The `Host` header value: the host plus the port when it is not the scheme's default.
    public var hostHeader: String {
        guard let port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) else { return host }
        return "\(host):\(port)"
    }

    /// The endpoint as a URL (no trailing slash).
    public var url: String { "\(scheme)://\(hostHeader)\(basePath)" }

    public var description: String { url }

    /// The same endpoint with another host (virtual-hosted S3 buckets).
    public func withHost(_ host: String) -> AWSEndpoint {
        var copy = self
        copy.host = host
        return copy
    }
}

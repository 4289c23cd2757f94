import Foundation

extension HTTPClient {
    /// Transport settings, with defaults suited to object storage.
    public struct Configuration: Sendable {
        /// Timeouts. Low-speed: abort when fewer than `lowSpeedLimit` bytes/s flow for `lowSpeedTime`.
        public struct Timeouts: Sendable {
            public var connect: Duration = .seconds(10)
            public var lowSpeedLimit: Int = 1
            public var lowSpeedTime: Duration = .seconds(60)
            /// The whole exchange; nil for none (large transfers rely on the low-speed limit).
            public var total: Duration? = nil
            public init() {}
        }

        /// TLS settings. Verification is on by default.
        public struct TLS: Sendable {
            public var verifyPeer: Bool = true
            /// A PEM CA bundle to trust instead of the system's.
            public var caBundlePath: String? = nil
            public init() {}
        }

        /// Proxy settings. By default read from `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`
        /// (either case), as curl and the AWS SDKs do.
        public struct Proxy: Sendable, Equatable {
            public var https: String?
            public var http: String?
            /// Comma-separated hosts, domains or `*` that bypass the proxy.
            public var noProxy: String?
            public init(https: String? = nil, http: String? = nil, noProxy: String? = nil) {
                self.https = https
                self.http = http
                self.noProxy = noProxy
            }

            /// Reads the proxy variables of an environment.
            public static func fromEnvironment() -> Proxy {
                fromEnvironment(ProcessInfo.processInfo.environment)
            }

            /// Reads the proxy variables of the given environment.
            public static func fromEnvironment(_ environment: [String: String]) -> Proxy {
                func lookup(_ name: String) -> String? {
                    let value = environment[name.lowercased()] ?? environment[name.uppercased()]
                    return (value?.isEmpty ?? true) ? nil : value
                }
                return Proxy(https: lookup("HTTPS_PROXY"), http: lookup("HTTP_PROXY"), noProxy: lookup("NO_PROXY"))
            }

            /// The proxy to use for a URL's scheme ("" means none).
            func proxy(for url: String) -> String {
                (url.lowercased().hasPrefix("https://") ? https : http) ?? ""
            }
        }

        public var timeouts = Timeouts()
        public var tls = TLS()
        public var proxy = Proxy.fromEnvironment()
        /// Transfer threads, each with its own connection pool; transfers are spread across them.
        public var threads: Int = 1
        /// Idle connections kept per thread for reuse.
        public var maxIdleConnections: Int = 32
        /// An idle connection older than this is closed instead of reused (libcurl's
        /// `CURLOPT_MAXAGE_CONN`; 118 s is libcurl's default).
        public var maxIdleTime: Duration = .seconds(118)
        /// Connections at once to one host, per thread (0: no limit).
        public var maxConnectionsPerHost: Int = 0
        /// libcurl's receive and send buffer size.
        public var bufferSize: Int = 256 * 1024
        /// The `User-Agent` header.
        public var userAgent: String = "media-worker"
        /// Error bodies (status 300+) are kept up to this size.
        public var maxErrorBodyBytes: Int = 1 << 20

        public init() {}
    }
}

/// A transport failure: the request did not produce a complete HTTP response.
///
/// HTTP error statuses are not transport failures: they come back as an ``HTTPResponse``.
public struct HTTPClientError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Equatable {
        /// The host name did not resolve.
        case resolveFailed
        /// The TCP connection was refused or could not be made.
        case connectFailed
        /// Connect timeout, low-speed timeout or total timeout.
        case timedOut
        /// TLS handshake or certificate verification failed.
        case tlsFailed
        /// The proxy could not be reached or refused the request.
        case proxyFailed
        /// Sending failed (connection reset while uploading).
        case sendFailed
        /// Receiving failed (connection reset, or the server closed without a response).
        case receiveFailed
        /// The body was shorter than its `Content-Length`.
        case partialResponse
        /// The request body's source failed (file unreadable, producer threw).
        case bodySourceFailed
        /// The response body's destination failed (disk full, consumer threw).
        case bodySinkFailed
        /// A `.collect` body was larger than allowed.
        case responseTooLarge
        /// The URL or an option was rejected by libcurl.
        case invalidRequest
        /// The task was cancelled.
        case cancelled
        /// The client was shut down.
        case shutdown
        /// Any other libcurl failure.
        case other
    }

    public var code: Code
    /// What happened and what to check.
    public var message: String
    /// The URL without its query (a presigned query carries a signature and is never shown).
    public var url: String
    /// The underlying `CURLcode`, when libcurl reported the failure.
    public var cause: Int32?

    public init(code: Code, message: String, url: String, cause: Int32? = nil) {
        self.code = code
        self.message = message
        self.url = Self.redact(url)
        self.cause = cause
    }

    /// Whether trying again may succeed (network faults, not bad requests).
    public var isRetryable: Bool {
        switch code {
        case .connectFailed, .timedOut, .sendFailed, .receiveFailed, .partialResponse, .resolveFailed, .proxyFailed: return true
        default: return false
        }
    }

    public var description: String {
        var text = "\(url): \(message)"
        if let cause { text += " (curl error \(cause))" }
        return text
    }

    static func redact(_ url: String) -> String {
        guard let mark = url.firstIndex(of: "?") else { return url }
        return String(url[..<mark]) + "?…"
    }
}

import Synchronization

/// An async HTTP/1.1 client on libcurl.
///
/// Transfers run on the client's own threads (one curl multi handle each), never on
/// Swift's cooperative pool. Connections are kept and reused; any number of requests may
/// be in flight at once. Bodies stream from files or producers and to files or consumers.
/// Redirects are never followed (a redirected signed request would be re-sent unsigned).
public final class HTTPClient: Sendable {
    public let configuration: Configuration
    private let loops: [CurlEventLoop]
    private let next = Atomic<Int>(0)

    /// Starts the client's transfer threads.
    public init(configuration: Configuration = Configuration()) throws(HTTPClientError) {
        self.configuration = configuration
        var loops: [CurlEventLoop] = []
        for index in 0..<max(1, configuration.threads) {
            loops.append(try CurlEventLoop(name: "media-worker.http.\(index)", configuration: configuration))
        }
        self.loops = loops
    }

    deinit {
        loops.forEach { $0.shutdown() }
    }

    /// Fails what is in flight with `.shutdown` and stops the transfer threads.
    public func shutdown() {
        loops.forEach { $0.shutdown() }
    }

    /// Sends a request and waits for the complete response.
    ///
    /// - Parameters:
    ///   - sink: where a 2xx body goes; error bodies are always collected (bounded).
    ///   - progress: called on the transfer thread as bytes move.
    /// - Throws: ``HTTPClientError`` when no complete response arrived.
    public func execute(
        _ request: HTTPRequest,
        sink: HTTPResponseSink = .collect(),
        progress: (@Sendable (HTTPProgress) -> Void)? = nil
    ) async throws(HTTPClientError) -> HTTPResponse {
        let transfer = try CurlTransfer(request: request, sink: sink, configuration: configuration, progress: progress)
        let loop = loops[next.wrappingAdd(1, ordering: .relaxed).oldValue % loops.count]
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    transfer.attach(continuation)
                    if !loop.submit(transfer) {
                        transfer.fail(HTTPClientError(code: .shutdown, message: "the HTTP client was shut down", url: request.url))
                    }
                }
            } onCancel: {
                loop.cancel(transfer)
            }
        } catch let error as HTTPClientError {
            throw error
        } catch {
            throw HTTPClientError(code: .other, message: String(describing: error), url: request.url)
        }
    }

    /// The linked libcurl and its TLS library.
    public static var libraryVersion: String { CurlGlobal.version }
}

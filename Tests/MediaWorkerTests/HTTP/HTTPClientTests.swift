import Foundation
import MediaWorkerHTTP
import MediaWorkerSigning
import Testing
import MediaWorkerSupport

/// The libcurl transport against a local HTTP/1.1 server (Tests/Helpers/http_test_server.py).
@Suite("HTTP transport on libcurl")
struct HTTPClientTests {
    /// Started once, on its own thread: the start waits, and a test's task must not block
    /// one of the few cooperative threads the other tests run on.
    static let server = Task {
        try await blocking {
            let port = ManagedServer.freePort()
            return try ManagedServer(
                name: "http-test-server", command: ["python3", TestTools.helper("http_test_server.py"), String(port)], port: port, timeout: 600,
                ready: { ManagedServer.isListening($0) })
        }
    }

    static func base() async throws -> String { try await server.value.endpoint }

    static func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8($0 % 251) } }

    /// What the server saw of the stalled request `id` (`/stall/ID`): waits until it is
    /// `stalling` or has `ended` and answers "stalling", "client closed" (the client closed
    /// the connection while the server stalled) or "server gave up" (after 600 s).
    static func stallState(_ id: String, until: String) async throws -> String {
        try await patientClient().execute(HTTPRequest(method: "GET", url: try await base() + "/stall-state/\(id)?until=\(until)")).bodyText
    }

    /// A client whose low-speed timeout (20 min) never ends a stall before the server does.
    static func patientClient() throws -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeouts.lowSpeedTime = .seconds(1200)
        return try HTTPClient(configuration: configuration)
    }

    @Test("a 32 MiB download streams to a file, byte-exact")
    func downloadToFile() async throws {
        let client = try HTTPClient()
        let file = try TestTools.temporaryDirectory().appendingPathComponent("download.bin")
        let size = 32 << 20
        let response = try await client.execute(HTTPRequest(method: "GET", url: try await Self.base() + "/bytes/\(size)"), sink: .file(path: file.path))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.bodyLength == Int64(size))
        let data = try Data(contentsOf: file)
        #expect(data.count == size)
        #expect(Hex.encode(SHA256.hash(data)) == Hex.encode(SHA256.hash(Self.pattern(size))))
    }

    @Test("a file body streams from disk (a byte range of it), and a producer body too")
    func uploadBodies() async throws {
        let client = try HTTPClient()
        let bytes = Self.pattern(9 << 20)
        let file = try TestTools.temporaryDirectory().appendingPathComponent("upload.bin")
        try Data(bytes).write(to: file)
        let range = 1_000_003..<(8 << 20)
        let response = try await client.execute(HTTPRequest(
            method: "PUT", url: try await Self.base() + "/sha256",
            body: .file(path: file.path, offset: Int64(range.lowerBound), length: Int64(range.count))))
        #expect(response.bodyText == "\(Hex.encode(SHA256.hash(bytes[range]))) \(range.count)")

        final class Counter: HTTPBodyProducer {
            var remaining = 3_000_000
            func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                let count = min(buffer.count, remaining)
                for index in 0..<count { buffer[index] = UInt8(ascii: "z") }
                remaining -= count
                return count
            }
        }
        let produced = try await client.execute(HTTPRequest(method: "POST", url: try await Self.base() + "/sha256", body: .producer(length: 3_000_000) { Counter() }))
        #expect(produced.bodyText == "\(Hex.encode(SHA256.hash([UInt8](repeating: UInt8(ascii: "z"), count: 3_000_000)))) 3000000")
    }

    @Test("a consumer gets the body piece by piece")
    func streamToConsumer() async throws {
        let client = try HTTPClient()
        let hasher = Locked((try DigestHasher(.sha256), 0))
        _ = try await client.execute(HTTPRequest(method: "GET", url: try await Self.base() + "/bytes/5000000"), sink: .stream { piece in
            hasher.withLock { $0.0.update(piece); $0.1 += 1 }
        })
        let (digest, pieces) = hasher.withLock { ($0.0.finalize(), $0.1) }
        #expect(Hex.encode(digest) == Hex.encode(SHA256.hash(Self.pattern(5_000_000))))
        #expect(pieces > 1)
    }

    @Test("connections are reused across requests, and many requests run in parallel")
    func connectionReuseAndParallelism() async throws {
        // Idle connections kept for an hour: on a loaded machine the test's task may resume
        // after libcurl's default 118 s, and a connection that old is not reused.
        var configuration = HTTPClient.Configuration()
        configuration.maxIdleTime = .seconds(3600)
        let client = try HTTPClient(configuration: configuration)
        let first = try await client.execute(HTTPRequest(method: "GET", url: try await Self.base() + "/bytes/10"))
        let second = try await client.execute(HTTPRequest(method: "GET", url: try await Self.base() + "/bytes/10"))
        #expect(first.newConnections == 1)
        #expect(second.newConnections == 0)
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<24 {
                group.addTask { try await client.execute(HTTPRequest(method: "GET", url: try await Self.base() + "/bytes/\(100_000 + index)")).body.count }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == (0..<24).map { 100_000 + $0 })
    }

    @Test("an error status comes back as a response with its body, and no file is written")
    func errorStatus() async throws {
        let client = try HTTPClient()
        let file = try TestTools.temporaryDirectory().appendingPathComponent("never.bin")
        let response = try await client.execute(HTTPRequest(method: "GET", url: try await Self.base() + "/status/503"), sink: .file(path: file.path))
        #expect(response.status == 503)
        #expect(response.bodyText.contains("<Code>SlowDown</Code>"))
        #expect(response.headers.value(of: "X-Amz-Request-Id") == "REQ123")
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test("a body shorter than its Content-Length fails, and the partial file is removed")
    func partialBody() async throws {
        let client = try HTTPClient()
        let file = try TestTools.temporaryDirectory().appendingPathComponent("partial.bin")
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.execute(HTTPRequest(method: "GET", url: try await Self.base() + "/short"), sink: .file(path: file.path))
        }
        #expect(error?.code == .partialResponse)
        #expect(error?.cause == 18)
        #expect(error?.isRetryable == true)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test("a stalled server trips the low-speed timeout")
    func stalledServer() async throws {
        var configuration = HTTPClient.Configuration()
        configuration.timeouts.lowSpeedLimit = 100
        configuration.timeouts.lowSpeedTime = .seconds(1)
        let client = try HTTPClient(configuration: configuration)
        let id = UUID().uuidString
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.execute(HTTPRequest(method: "GET", url: try await Self.base() + "/stall/\(id)"))
        }
        #expect(error?.code == .timedOut)
        // The client gave up on its own: the server, still stalling, saw it close the
        // connection (without the timeout the server ends the stall after 600 s instead, and
        // the client reports a partial body).
        #expect(try await Self.stallState(id, until: "ended") == "client closed")
    }

    @Test("a refused connection is a clear, retryable error with its CURLcode")
    func connectionRefused() async throws {
        let client = try HTTPClient()
        let port = ManagedServer.freePort()
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.execute(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/x?X-Amz-Signature=secret"))
        }
        #expect(error?.code == .connectFailed)
        #expect(error?.cause == 7)
        #expect(error?.description.contains("check the endpoint URL") == true)
        #expect(error?.description.contains("secret") == false)
    }

    @Test("redirects are not followed")
    func noRedirects() async throws {
        let client = try HTTPClient()
        let response = try await client.execute(HTTPRequest(method: "GET", url: try await Self.base() + "/redirect"))
        #expect(response.status == 302)
    }

    @Test("cancelling the task aborts the transfer")
    func cancellation() async throws {
        // Only the cancellation can end this transfer before the server's 600 s.
        let client = try Self.patientClient()
        let id = UUID().uuidString
        let url = try await Self.base() + "/stall/\(id)"
        let task = Task { try await client.execute(HTTPRequest(method: "GET", url: url)) }
        // The transfer is under way: the server has sent the head and 10 bytes and stalls.
        #expect(try await Self.stallState(id, until: "stalling") == "stalling")
        task.cancel()
        let result = await task.result
        // Aborted, not left to finish: the server saw the client close the connection while
        // it still stalled (it would end the stall itself only after 600 s).
        #expect(try await Self.stallState(id, until: "ended") == "client closed")
        guard case .failure(let error as HTTPClientError) = result else {
            Issue.record("expected a cancellation error, got \(result)")
            return
        }
        #expect(error.code == .cancelled)
    }

    @Test("HTTP_PROXY is honoured, NO_PROXY bypasses it; headers are sent as given")
    func proxy() async throws {
        let proxy = Self.Proxy(http: try await Self.base())
        var configuration = HTTPClient.Configuration()
        configuration.proxy = proxy
        let client = try HTTPClient(configuration: configuration)
        let viaProxy = try await client.execute(HTTPRequest(method: "GET", url: "http://media.example.invalid/object"))
        #expect(viaProxy.headers.value(of: "X-Proxied") == "yes")
        #expect(viaProxy.bodyText == "http://media.example.invalid/object")

        configuration.proxy = Self.Proxy(http: try await Self.base(), noProxy: "example.invalid")
        let direct = try HTTPClient(configuration: configuration)
        let error = await #expect(throws: HTTPClientError.self) {
            try await direct.execute(HTTPRequest(method: "GET", url: "http://media.example.invalid/object"))
        }
        #expect(error?.code == .resolveFailed)

        let parsed = HTTPClient.Configuration.Proxy.fromEnvironment(["https_proxy": "http://p:3128", "HTTP_PROXY": "http://q:3128", "NO_PROXY": "localhost,.internal"])
        #expect(parsed == Self.Proxy(https: "http://p:3128", http: "http://q:3128", noProxy: "localhost,.internal"))

        let echoed = try await HTTPClient().execute(HTTPRequest(method: "GET", url: try await Self.base() + "/headers", headers: [HTTPHeader("X-Amz-Date", "20261121T000000Z")]))
        #expect(echoed.bodyText.contains("X-Amz-Date: 20261121T000000Z"))
        #expect(!echoed.bodyText.contains("Expect:"))
    }

    typealias Proxy = HTTPClient.Configuration.Proxy
}

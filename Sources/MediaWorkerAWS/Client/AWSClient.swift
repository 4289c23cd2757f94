public import Foundation
public import MediaWorkerSigning
public import MediaWorkerHTTP
import Synchronization
import MediaWorkerSupport

/// Signs requests with SigV4 and sends them over the libcurl transport. Error answers are
/// decoded into ``AWSServiceError``.
public final class AWSClient: Sendable {
    public let configuration: AWSConfiguration
    public let credentialProvider: any CredentialProvider
    public let http: HTTPClient
    /// The clock used for signing, injected for tests.
    public let clock: @Sendable () -> Date
    /// The retry policy of requests that do not name their own.
    public let retryPolicy: RetryPolicy
    private let keyCache = SigningKeyCache()
    private let skew = Locked<Double>(0)
    private let retryCount = Atomic<Int>(0)
    /// Called before each retry with the request, the attempt that failed and the error.
    private let onRetry: (@Sendable (AWSRequest, Int, any Error) -> Void)?

    public init(
        configuration: AWSConfiguration, credentialProvider: any CredentialProvider, http: HTTPClient,
        retryPolicy: RetryPolicy = RetryPolicy(), clock: @escaping @Sendable () -> Date = { Date() },
        onRetry: (@Sendable (AWSRequest, Int, any Error) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.credentialProvider = credentialProvider
        self.http = http
        self.retryPolicy = retryPolicy
        self.clock = clock
        self.onRetry = onRetry
    }

    /// The signing time: the clock corrected by the skew learnt from the server.
    public var signingDate: Date { clock().addingTimeInterval(skew.withLock { $0 }) }
    /// The correction applied to the clock, in seconds.
    public var clockSkew: Double { skew.withLock { $0 } }
    /// Retries made by this client so far.
    public var retries: Int { retryCount.load(ordering: .relaxed) }

    /// A client configured from the environment and shared files, with the standard
    /// credential chain behind a refreshing cache, and `AWS_CA_BUNDLE` as the trusted CAs.
    public static func fromEnvironment(
        _ environment: AWSEnvironment = .current, http: HTTPClient? = nil, onRetry: (@Sendable (AWSRequest, Int, any Error) -> Void)? = nil
    ) throws -> AWSClient {
        let configuration = try AWSConfiguration(environment: environment)
        var transport = HTTPClient.Configuration()
        transport.proxy = .fromEnvironment(environment.proxyVariables)
        // AWS_CA_BUNDLE, as the AWS SDKs read it: a PEM bundle trusted instead of the system's
        // (private CAs, self-signed MinIO); verification itself is never turned off.
        if let bundle = environment["AWS_CA_BUNDLE"] {
            guard FileManager.default.isReadableFile(atPath: bundle) else {
                throw AWSConfigurationError("AWS_CA_BUNDLE=\(bundle): no such readable file; give the path of a PEM CA bundle")
            }
            transport.tls.caBundlePath = bundle
        }
        let http = try http ?? HTTPClient(configuration: transport)
        let chain = CredentialProviderChain.standard(environment: environment, configuration: configuration, http: http)
        return AWSClient(configuration: configuration, credentialProvider: CachingCredentialProvider(chain), http: http, onRetry: onRetry)
    }

    /// A signer for a service with the given credentials.
    public func signer(for service: String, credentials: AWSCredentials) -> SigV4Signer {
        SigV4Signer(credentials: credentials, configuration: .init(service: service, region: configuration.region), keyCache: keyCache)
    }

    /// Signs and sends a request, retrying as the policy allows (each attempt signed anew).
    /// Throws ``AWSServiceError`` for an error status, ``HTTPClientError`` when the exchange
    /// failed, ``CredentialProviderError`` without credentials.
    ///
    /// With a `.stream` sink, a retried attempt delivers the body again from its start:
    /// use `send(_:retry:sink:)` with a sink made per attempt.
    public func send(
        _ request: AWSRequest, sink: HTTPResponseSink = .collect(), retry: RetryPolicy? = nil, progress: (@Sendable (HTTPProgress) -> Void)? = nil,
        recheck: (@Sendable () async -> HTTPResponse?)? = nil
    ) async throws -> HTTPResponse {
        try await send(request, retry: retry, progress: progress, recheck: recheck, makeSink: { sink })
    }

    /// Signs and sends a request; `makeSink` gives each attempt a fresh sink. Before a retry,
    /// `recheck` (if given) may find that the failed attempt took effect after all (a write
    /// whose answer was lost): its response then stands for the request's, and nothing is
    /// sent again.
    public func send(
        _ request: AWSRequest, retry: RetryPolicy? = nil, progress: (@Sendable (HTTPProgress) -> Void)? = nil,
        recheck: (@Sendable () async -> HTTPResponse?)? = nil, makeSink: @Sendable () throws -> HTTPResponseSink
    ) async throws -> HTTPResponse {
        var machine = RetryStateMachine(policy: retry ?? retryPolicy)
        while true {
            let outcome: RetryStateMachine.Outcome
            let failure: any Error
            do {
                return try await attempt(request, sink: try makeSink(), progress: progress)
            } catch let error as AWSServiceError {
                failure = error
                if RetryPolicy.clockSkewCodes.contains(error.code), let serverDate = error.serverDate,
                    abs(serverDate.timeIntervalSince(signingDate)) > 240
                {
                    outcome = .clockSkew(seconds: serverDate.timeIntervalSince(clock()))
                } else {
                    outcome = .serviceError(code: error.code, status: error.status)
                }
            } catch let error as HTTPClientError {
                failure = error
                outcome = .transportError(retryable: error.isRetryable)
            }
            let attemptNumber = machine.attempts + 1
            switch machine.record(outcome) {
            case .finish:
                throw failure
            case .retry(let delay):
                if let recheck, let applied = await recheck() { return applied }
                retryCount.wrappingAdd(1, ordering: .relaxed)
                onRetry?(request, attemptNumber, failure)
                try await Task.sleep(for: delay)
            case .correctClockAndRetry(let offset):
                retryCount.wrappingAdd(1, ordering: .relaxed)
                onRetry?(request, attemptNumber, failure)
                skew.withLock { $0 = offset }
            }
        }
    }

    private func attempt(_ request: AWSRequest, sink: HTTPResponseSink, progress: (@Sendable (HTTPProgress) -> Void)?) async throws -> HTTPResponse {
        let credentials = try await credentialProvider.credentials()
        let signer = signer(for: request.service, credentials: credentials)
        var signable = request.signable
        var body = request.body
        let payload: PayloadHash
        switch request.payload {
        case .unsigned: payload = .unsigned
        case .precomputed(let hex): payload = .sha256(hex)
        case .signed: payload = try await Self.hash(request.body)
        case .streaming(let chunkSize):
            payload = .streaming
            let decoded = request.body.length
            signable.setHeader("Content-Encoding", "aws-chunked")
            signable.setHeader("x-amz-decoded-content-length", String(decoded))
            signable.setHeader("Content-Length", String(AWSChunkedEncoder.encodedLength(decodedLength: decoded, chunkSize: chunkSize)))
        }
        let signed = signer.signHeaders(signable, payload: payload, date: signingDate)
        if case .streaming(let chunkSize) = request.payload {
            let (path, offset, length): (String, Int64, Int64)
            switch request.body {
            case .file(let p, let o, let l): (path, offset, length) = (p, o, l)
            default: throw AWSConfigurationError("a streaming-signed upload needs a file body")
            }
            let encoder = AWSChunkedEncoder(signer: signer, seed: signed)
            let encodedLength = AWSChunkedEncoder.encodedLength(decodedLength: length, chunkSize: chunkSize)
            body = .producer(length: encodedLength) {
                try AWSChunkedFileProducer(path: path, offset: offset, length: length, chunkSize: chunkSize, encoder: encoder)
            }
        }
        // Content-Length is set by the transport from the body; never send it twice.
        var headers = signed.request.headers
        headers.remove(named: "Content-Length")
        let httpRequest = HTTPRequest(method: request.method, url: signed.request.url, headers: headers, body: body)
        let response = try await http.execute(httpRequest, sink: sink, progress: progress)
        guard response.isSuccess else {
            throw AWSServiceError.decode(response: response, service: request.service, operation: request.operation, resource: request.resource)
        }
        return response
    }

    /// The SHA-256 of a body, hashing files on a dedicated thread.
    static func hash(_ body: HTTPRequest.Body) async throws -> PayloadHash {
        switch body {
        case .empty: return .empty
        case .bytes(let bytes): return .of(bytes)
        case .file(let path, let offset, let length):
            return try await BlockingWork.run("media-worker.hash") {
                .sha256(Hex.encode(try FileHashing.digest(.sha256, path: path, offset: offset, length: length)))
            }
        case .producer:
            throw AWSConfigurationError("a produced body cannot be hashed in advance: use .unsigned or .streaming")
        }
    }
}

import Foundation
import MediaWorkerSupport
internal import CCurl
import Synchronization

/// One request in flight: owns its easy handle, header list, body source and sink.
///
/// Created on the caller's task, then touched only by its event loop's thread until it
/// completes; the hand-over goes through the loop's lock.
final class CurlTransfer: @unchecked Sendable {
    let easy: UnsafeMutableRawPointer
    let request: HTTPRequest
    private let sink: HTTPResponseSink
    private let configuration: HTTPClient.Configuration
    private let progress: (@Sendable (HTTPProgress) -> Void)?
    private var headerList: CurlHeaderList?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    let cancelled = Atomic<Bool>(false)

    // Response state.
    private var status = 0
    private var responseHeaders: [HTTPHeader] = []
    private var body: [UInt8] = []
    private var bodyLength: Int64 = 0
    private var sinkFile: Int32 = -1
    private var failure: (any Error)?

    // Request body state.
    private var bodyBytesOffset = 0
    private var bodyFile: Int32 = -1
    private var bodyFileRemaining: Int64 = 0
    private var producer: (any HTTPBodyProducer)?

    init(request: HTTPRequest, sink: HTTPResponseSink, configuration: HTTPClient.Configuration, progress: (@Sendable (HTTPProgress) -> Void)?) throws(HTTPClientError) {
        guard CurlGlobal.initialized, let easy = curl_easy_init() else {
            throw HTTPClientError(code: .other, message: "libcurl could not create a handle (out of memory?)", url: request.url)
        }
        self.easy = easy
        self.request = request
        self.sink = sink
        self.configuration = configuration
        self.progress = progress
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(easy)
        errorBuffer.deallocate()
        if bodyFile >= 0 { close(bodyFile) }
        if sinkFile >= 0 { close(sinkFile) }
    }

    func attach(_ continuation: CheckedContinuation<HTTPResponse, any Error>) {
        self.continuation = continuation
    }

    // MARK: Setup (on the loop thread)

    /// Sets every option of the easy handle. Throws for a request libcurl rejects.
    func configure() throws {
        let opaqueSelf = Unmanaged.passUnretained(self).toOpaque()
        var results: [CURLcode] = []
        func set(_ option: CURLoption, _ value: Int) { results.append(mw_curl_setopt_long(easy, option, value)) }
        func set(_ option: CURLoption, _ value: String) { results.append(mw_curl_setopt_string(easy, option, value)) }

        set(CURLOPT_URL, request.url)
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_FOLLOWLOCATION, 0)
        set(CURLOPT_PROTOCOLS_STR, "http,https")
        set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        set(CURLOPT_TCP_KEEPALIVE, 1)
        set(CURLOPT_MAXAGE_CONN, max(1, Int(configuration.maxIdleTime.components.seconds)))
        set(CURLOPT_USERAGENT, configuration.userAgent)
        set(CURLOPT_BUFFERSIZE, configuration.bufferSize)
        set(CURLOPT_UPLOAD_BUFFERSIZE, configuration.bufferSize)
        set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.timeouts.connect))
        set(CURLOPT_LOW_SPEED_LIMIT, configuration.timeouts.lowSpeedLimit)
        set(CURLOPT_LOW_SPEED_TIME, max(1, Int(configuration.timeouts.lowSpeedTime.components.seconds)))
        if let total = configuration.timeouts.total { set(CURLOPT_TIMEOUT_MS, Self.milliseconds(total)) }
        if let timeout = request.timeout {
            set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(timeout))
            set(CURLOPT_TIMEOUT_MS, Self.milliseconds(timeout))
        }
        set(CURLOPT_SSL_VERIFYPEER, configuration.tls.verifyPeer ? 1 : 0)
        set(CURLOPT_SSL_VERIFYHOST, configuration.tls.verifyPeer ? 2 : 0)
        if let bundle = configuration.tls.caBundlePath { set(CURLOPT_CAINFO, bundle) }
        // Always set, so curl never falls back to its own reading of the environment.
        set(CURLOPT_PROXY, configuration.proxy.proxy(for: request.url))
        if let noProxy = configuration.proxy.noProxy { set(CURLOPT_NOPROXY, noProxy) }
        results.append(mw_curl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))

        let method = request.method.uppercased()
        var lines = request.headers.map { "\($0.name): \($0.value)" }
        // No 100-continue round trip, and no headers curl would add on its own.
        lines.append("Expect:")
        lines.append("Accept:")
        switch method {
        case "HEAD":
            set(CURLOPT_NOBODY, 1)
        case "GET" where request.body.length == 0:
            set(CURLOPT_HTTPGET, 1)
        default:
            break
        }
        let hasBody: Bool
        switch request.body {
        case .empty: hasBody = method == "PUT" || method == "POST"
        default: hasBody = true
        }
        if hasBody {
            set(CURLOPT_UPLOAD, 1)
            results.append(mw_curl_setopt_off_t(easy, CURLOPT_INFILESIZE_LARGE, curl_off_t(request.body.length)))
            results.append(mw_curl_setopt_data_callback(easy, CURLOPT_READFUNCTION, curlRead))
            results.append(mw_curl_setopt_pointer(easy, CURLOPT_READDATA, opaqueSelf))
            try openBody()
        }
        if method != "GET" && method != "HEAD" || hasBody {
            set(CURLOPT_CUSTOMREQUEST, method)
        }
        let list = CurlHeaderList(lines)
        headerList = list
        results.append(mw_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, list.pointer))
        results.append(mw_curl_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, curlHeader))
        results.append(mw_curl_setopt_pointer(easy, CURLOPT_HEADERDATA, opaqueSelf))
        results.append(mw_curl_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, curlWrite))
        results.append(mw_curl_setopt_pointer(easy, CURLOPT_WRITEDATA, opaqueSelf))
        if progress != nil {
            set(CURLOPT_NOPROGRESS, 0)
            results.append(mw_curl_setopt_xferinfo_callback(easy, curlProgress))
            results.append(mw_curl_setopt_pointer(easy, CURLOPT_XFERINFODATA, opaqueSelf))
        }
        if let bad = results.first(where: { $0 != CURLE_OK }) {
            throw HTTPClientError(code: .invalidRequest, message: "libcurl rejected an option: \(CurlGlobal.errorText(bad))", url: request.url, cause: Int32(bad.rawValue))
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    private func openBody() throws {
        switch request.body {
        case .file(let path, let offset, let length):
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw HTTPClientError(code: .bodySourceFailed, message: "cannot open \(path) for upload: \(String(cString: strerror(errno)))", url: request.url)
            }
            if lseek(fd, off_t(offset), SEEK_SET) < 0 {
                close(fd)
                throw HTTPClientError(code: .bodySourceFailed, message: "cannot seek \(path) to \(offset): \(String(cString: strerror(errno)))", url: request.url)
            }
            bodyFile = fd
            bodyFileRemaining = length
        case .producer(_, let factory):
            producer = try factory()
        case .empty, .bytes:
            break
        }
    }

    // MARK: Callbacks (on the loop thread)

    fileprivate func readBody(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        do {
            switch request.body {
            case .empty:
                return 0
            case .bytes(let bytes):
                let count = min(buffer.count, bytes.count - bodyBytesOffset)
                bytes.withUnsafeBytes { source in
                    buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[bodyBytesOffset..<bodyBytesOffset + count]))
                }
                bodyBytesOffset += count
                return count
            case .file(let path, _, _):
                let wanted = Int(min(Int64(buffer.count), bodyFileRemaining))
                if wanted == 0 { return 0 }
                var got = 0
                while got < wanted {
                    let n = read(bodyFile, buffer.baseAddress! + got, wanted - got)
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { throw HTTPBodyError("reading \(path) failed: \(String(cString: strerror(errno)))", errno: errno) }
                    if n == 0 { throw HTTPBodyError("\(path) ended \(bodyFileRemaining - Int64(got)) bytes early: was it truncated while uploading?") }
                    got += n
                }
                bodyFileRemaining -= Int64(got)
                return got
            case .producer:
                return try producer!.read(into: buffer)
            }
        } catch {
            failure = error
            return MW_CURL_READFUNC_ABORT
        }
    }

    fileprivate func receiveHeader(_ line: UnsafeRawBufferPointer) -> Int {
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("HTTP/") {
            // A new response starts (after 100 Continue or a proxy's CONNECT reply).
            let parts = text.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            responseHeaders = []
        } else if let colon = text.firstIndex(of: ":") {
            let name = String(text[..<colon])
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            responseHeaders.append(HTTPHeader(name, value))
        }
        return line.count
    }

    fileprivate func receiveBody(_ data: UnsafeRawBufferPointer) -> Int {
        bodyLength += Int64(data.count)
        if status >= 300 || status < 200 {
            if body.count + data.count <= configuration.maxErrorBodyBytes { body.append(contentsOf: data) }
            return data.count
        }
        do {
            switch sink {
            case .collect(let maxBytes):
                guard body.count + data.count <= maxBytes else {
                    throw HTTPClientError(code: .responseTooLarge, message: "response body is larger than \(maxBytes) bytes", url: request.url)
                }
                body.append(contentsOf: data)
            case .file(let path):
                if sinkFile < 0 {
                    sinkFile = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                    guard sinkFile >= 0 else { throw HTTPBodyError("cannot create \(path): \(String(cString: strerror(errno)))", errno: errno) }
                }
                var written = 0
                while written < data.count {
                    let n = write(sinkFile, data.baseAddress! + written, data.count - written)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { throw HTTPBodyError("writing \(path) failed: \(String(cString: strerror(errno)))", errno: errno) }
                    written += n
                }
            case .stream(let consumer):
                try consumer(data)
            }
            return data.count
        } catch {
            failure = error
            return Int(MW_CURL_WRITEFUNC_ERROR)
        }
    }

    fileprivate func reportProgress(_ progress: HTTPProgress) -> Int32 {
        self.progress?(progress)
        return cancelled.load(ordering: .relaxed) ? 1 : 0
    }

    // MARK: Completion (on the loop thread)

    func complete(_ code: CURLcode) {
        if code == CURLE_OK, failure == nil {
            var connects = 0
            _ = mw_curl_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &connects)
            if sinkFile >= 0 {
                if fsync(sinkFile) != 0 || close(sinkFile) != 0 {
                    sinkFile = -1
                    return fail(HTTPBodyError("finishing the downloaded file failed: \(String(cString: strerror(errno)))"))
                }
                sinkFile = -1
            } else if case .file(let path) = sink, isSuccess {
                // An empty body: the file still has to exist.
                let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                if fd < 0 { return fail(HTTPBodyError("cannot create \(path): \(String(cString: strerror(errno)))")) }
                close(fd)
            }
            let response = HTTPResponse(status: status, headers: responseHeaders, body: body, bodyLength: bodyLength, newConnections: connects)
            resume(.success(response))
        } else if let failure {
            fail(failure)
        } else {
            fail(Self.error(for: code, detail: String(cString: errorBuffer), url: request.url))
        }
    }

    private var isSuccess: Bool { (200..<300).contains(status) }

    func fail(_ error: any Error) {
        if sinkFile >= 0 {
            close(sinkFile)
            sinkFile = -1
        }
        if case .file(let path) = sink {
            // Never leave a partial download behind under the requested name.
            unlink(path)
        }
        let surfaced: any Error
        switch error {
        case let error as HTTPClientError: surfaced = error
        case let error as HTTPBodyError:
            let isSource = producer != nil || bodyFile >= 0
            surfaced = HTTPClientError(code: isSource && status == 0 ? .bodySourceFailed : .bodySinkFailed, message: error.message, url: request.url)
        case is CancellationError: surfaced = HTTPClientError(code: .cancelled, message: "the request was cancelled", url: request.url)
        default:
            surfaced = HTTPClientError(code: producer != nil && status == 0 ? .bodySourceFailed : .bodySinkFailed, message: String(describing: error), url: request.url)
        }
        resume(.failure(surfaced))
    }

    private func resume(_ result: Result<HTTPResponse, any Error>) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(with: result)
    }

    static func error(for code: CURLcode, detail: String, url: String) -> HTTPClientError {
        let text = detail.isEmpty ? CurlGlobal.errorText(code) : detail
        let (kind, hint): (HTTPClientError.Code, String)
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST: (kind, hint) = (.resolveFailed, "check the endpoint's host name and DNS")
        case CURLE_COULDNT_RESOLVE_PROXY: (kind, hint) = (.proxyFailed, "check HTTPS_PROXY/HTTP_PROXY")
        case CURLE_COULDNT_CONNECT: (kind, hint) = (.connectFailed, "check the endpoint URL and that the server is running")
        case CURLE_OPERATION_TIMEDOUT: (kind, hint) = (.timedOut, "the server or network stalled")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM:
            (kind, hint) = (.tlsFailed, "the server's certificate is not trusted: configure a CA bundle or fix the certificate")
        case CURLE_SEND_ERROR: (kind, hint) = (.sendFailed, "the connection broke while sending")
        // The connection broke after the body was sent (a reset instead of the answer): curl
        // cannot send the body again itself; a new attempt makes the request anew.
        case CURLE_SEND_FAIL_REWIND: (kind, hint) = (.sendFailed, "the connection broke before the answer")
        case CURLE_RECV_ERROR, CURLE_GOT_NOTHING: (kind, hint) = (.receiveFailed, "the connection broke while receiving")
        case CURLE_PARTIAL_FILE: (kind, hint) = (.partialResponse, "the response body was shorter than its Content-Length")
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT: (kind, hint) = (.invalidRequest, "check the URL")
        case CURLE_ABORTED_BY_CALLBACK: (kind, hint) = (.cancelled, "the request was cancelled")
        default: (kind, hint) = (.other, "")
        }
        let message = hint.isEmpty ? text : "\(text); \(hint)"
        return HTTPClientError(code: kind, message: message, url: url, cause: Int32(code.rawValue))
    }
}

// C callbacks: no captures; the transfer comes back through the user-data pointer.

private let curlRead: mw_curl_data_callback = { buffer, size, count, userdata in
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
    return transfer.readBody(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
}

private let curlWrite: mw_curl_data_callback = { buffer, size, count, userdata in
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: buffer, count: size * count))
}

private let curlHeader: mw_curl_data_callback = { buffer, size, count, userdata in
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
    return transfer.receiveHeader(UnsafeRawBufferPointer(start: buffer, count: size * count))
}

private let curlProgress: mw_curl_xferinfo_callback = { userdata, downloadTotal, downloaded, uploadTotal, uploaded in
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
    return transfer.reportProgress(HTTPProgress(uploaded: Int64(uploaded), uploadTotal: Int64(uploadTotal), downloaded: Int64(downloaded), downloadTotal: Int64(downloadTotal)))
}

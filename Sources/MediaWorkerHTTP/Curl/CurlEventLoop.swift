import Foundation
internal import CCurl
import MediaWorkerSupport

/// A thread that drives one curl multi handle: it starts submitted transfers, runs them
/// all concurrently with `curl_multi_perform`/`curl_multi_poll`, and completes them.
/// The multi handle's connection cache gives connection reuse across requests.
final class CurlEventLoop: @unchecked Sendable {
    private struct Inbox {
        var submitted: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
        var stopping = false
        var stopped = false
    }

    private let multi: UnsafeMutableRawPointer
    private let inbox = Locked(Inbox())
    private let exited = DispatchSemaphore(value: 0)
    /// Touched only by the loop thread.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    init(name: String, configuration: HTTPClient.Configuration) throws(HTTPClientError) {
        guard CurlGlobal.initialized, let multi = curl_multi_init() else {
            throw HTTPClientError(code: .other, message: "libcurl could not create a multi handle", url: "")
        }
        self.multi = multi
        _ = mw_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maxIdleConnections)
        _ = mw_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maxConnectionsPerHost)
        let thread = Thread { [self] in self.run() }
        thread.name = name
        thread.start()
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    /// Hands a transfer to the loop. Returns false after shutdown.
    func submit(_ transfer: CurlTransfer) -> Bool {
        let accepted = inbox.withLock { inbox -> Bool in
            if inbox.stopping { return false }
            inbox.submitted.append(transfer)
            return true
        }
        if accepted { curl_multi_wakeup(multi) }
        return accepted
    }

    /// Asks the loop to abort a transfer; it completes with `.cancelled`.
    func cancel(_ transfer: CurlTransfer) {
        transfer.cancelled.store(true, ordering: .relaxed)
        inbox.withLock { $0.cancelled.append(transfer) }
        curl_multi_wakeup(multi)
    }

    /// Stops the loop after failing what is still running, and waits for the thread to exit.
    func shutdown() {
        let first = inbox.withLock { inbox -> Bool in
            defer { inbox.stopping = true }
            return !inbox.stopping
        }
        guard first else { return }
        curl_multi_wakeup(multi)
        exited.wait()
    }

    private func run() {
        while true {
            let (submitted, cancelled, stopping) = inbox.withLock { inbox in
                defer {
                    inbox.submitted = []
                    inbox.cancelled = []
                }
                return (inbox.submitted, inbox.cancelled, inbox.stopping)
            }
            for transfer in submitted { start(transfer) }
            for transfer in cancelled { abort(transfer, with: CancellationError()) }
            if stopping {
                for transfer in Array(active.values) {
                    abort(transfer, with: HTTPClientError(code: .shutdown, message: "the HTTP client was shut down", url: transfer.request.url))
                }
                inbox.withLock { inbox in
                    for transfer in inbox.submitted {
                        transfer.fail(HTTPClientError(code: .shutdown, message: "the HTTP client was shut down", url: transfer.request.url))
                    }
                    inbox.submitted = []
                    inbox.stopped = true
                }
                exited.signal()
                return
            }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                let result = mw_curl_msg_result(message)
                curl_multi_remove_handle(multi, easy)
                active.removeValue(forKey: easy)?.complete(result)
            }
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func start(_ transfer: CurlTransfer) {
        if transfer.cancelled.load(ordering: .relaxed) {
            transfer.fail(CancellationError())
            return
        }
        do {
            try transfer.configure()
        } catch {
            transfer.fail(error)
            return
        }
        let code = curl_multi_add_handle(multi, transfer.easy)
        guard code == CURLM_OK else {
            transfer.fail(HTTPClientError(code: .other, message: "curl_multi_add_handle failed: \(String(cString: curl_multi_strerror(code)))", url: transfer.request.url))
            return
        }
        active[transfer.easy] = transfer
    }

    private func abort(_ transfer: CurlTransfer, with error: any Error) {
        guard active.removeValue(forKey: transfer.easy) != nil else { return }
        curl_multi_remove_handle(multi, transfer.easy)
        transfer.fail(error)
    }
}

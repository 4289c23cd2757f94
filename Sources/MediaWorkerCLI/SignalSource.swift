import Dispatch
import Foundation

/// Runs a handler when the process gets a signal (SIGHUP to reload), on a dispatch queue.
final class SignalSource {
    private let source: any DispatchSourceSignal

    init(_ signalNumber: Int32, handler: @escaping @Sendable () -> Void) {
        signal(signalNumber, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: signalNumber, queue: DispatchQueue(label: "media-worker.signal.\(signalNumber)"))
        source.setEventHandler(handler: handler)
        source.resume()
    }

    func cancel() { source.cancel() }
}

import Foundation
import MediaWorkerSupport

/// A one-line progress bar on standard error when it is a terminal; silent otherwise.
final class ProgressReporter: Sendable {
    private struct State {
        var lastDraw: ContinuousClock.Instant?
        var started = ContinuousClock.now
        var drawn = false
    }

    private let label: String
    private let enabled: Bool
    private let state = Locked(State())

    init(label: String) {
        self.label = label
        self.enabled = isatty(STDERR_FILENO) == 1
    }

    /// Reports bytes done out of total (redrawn at most ten times a second).
    func update(_ done: Int64, _ total: Int64) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let line: String? = state.withLock { state in
            if let last = state.lastDraw, now - last < .milliseconds(100), done < total { return nil }
            state.lastDraw = now
            state.drawn = true
            let elapsed = max(0.001, Double((now - state.started).components.seconds) + Double((now - state.started).components.attoseconds) / 1e18)
            let percent = total > 0 ? Int(Double(done) / Double(total) * 100) : 100
            let width = 30
            let filled = total > 0 ? Int(Double(width) * Double(done) / Double(total)) : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            return "\r\(label) [\(bar)] \(percent)% \(Self.bytes(done))/\(Self.bytes(total)) \(Self.bytes(Int64(Double(done) / elapsed)))/s"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Reports a fraction (0…1) of long work with the current step's name.
    func update(step: String, fraction: Double) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let line: String? = state.withLock { state in
            if let last = state.lastDraw, now - last < .milliseconds(100), fraction < 1 { return nil }
            state.lastDraw = now
            state.drawn = true
            let width = 30
            let filled = Int(Double(width) * min(1, max(0, fraction)))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let padded = step.padding(toLength: 10, withPad: " ", startingAt: 0)
            return "\r\(label) [\(bar)] \(Int(fraction * 100))% \(padded)"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Ends the progress line.
    func finish() {
        guard enabled, state.withLock({ $0.drawn }) else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }
}

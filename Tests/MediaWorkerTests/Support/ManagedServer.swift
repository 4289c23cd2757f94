import Foundation

/// A server process the tests start on a free loopback port and stop by PID.
/// It runs under Tests/Helpers/supervise.py, which also stops it if the test process dies.
final class ManagedServer: @unchecked Sendable {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int
    let process: Process
    let logFile: URL
    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts `command` and waits until `ready` says yes (polled every 100 ms).
    init(name: String, command: [String], environment: [String: String] = [:], port: Int, timeout: TimeInterval = 60, ready: (Int) -> Bool) throws {
        self.port = port
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("mw-\(name)-\(port).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestTools.helper("supervise.py"), String(getpid()), "--"] + command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !process.isRunning {
                let output = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
                throw StartFailure(description: "\(name) exited with \(process.terminationStatus) before it was ready:\n\(output.suffix(3000))")
            }
            if ready(port) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        let output = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        throw StartFailure(description: "\(name) was not ready on port \(port) within \(Int(timeout)) s:\n\(output.suffix(3000))")
    }

    /// Stops the server by PID (SIGTERM to its supervisor, which stops the process group).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    deinit { stop() }

    /// A free TCP port on 127.0.0.1 (bound to port 0, then released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on the port.
    static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0
    }

    /// Whether `GET url` answers with a status below 500, using curl.
    static func answers(_ url: String) -> Bool {
        guard let result = try? ProcessRunner.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "2", url]) else { return false }
        guard let code = Int(result.stdout) else { return false }
        return code > 0 && code < 500
    }
}

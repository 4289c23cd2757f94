import Foundation

/// A server process the tests start on a free loopback port and stop by PID.
/// It runs under Tests/Helpers/supervise.py, which also stops it if the test process dies.
final class ManagedServer: @unchecked Sendable {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int
    let pid: pid_t
    let logFile: URL
    private let exited = NSLock()
    private var reaped = false
    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts `command` and waits until `ready` says yes (polled every 100 ms); with
    /// `ownListener`, also until the socket listening on `port` is this server's own
    /// (``ownsListener(_:)``), for a `ready` that only sees that something listens there.
    ///
    /// The process is started with posix_spawn and reaped with waitpid here: Foundation's
    /// `Process` only notices an exit when the launching thread's run loop runs, which
    /// never happens in async tests.
    init(name: String, command: [String], environment: [String: String] = [:], port: Int, timeout: TimeInterval = 600, ownListener: Bool = false,
         ready: (Int) -> Bool) throws {
        self.port = port
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("mw-\(name)-\(port).log")
        let arguments = ["/usr/bin/env", "python3", TestTools.helper("supervise.py"), String(getpid()), "--"] + command
        let variables = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }.map { "\($0.key)=\($0.value)" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // A child inherits the spawning thread's signal mask, and Dispatch's worker threads
        // block SIGTERM: start the child with an empty mask and default signal handling.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child: pid_t = 0
        let status = Self.withCStrings(arguments) { argv in
            Self.withCStrings(variables) { envp in
                posix_spawn(&child, "/usr/bin/env", &actions, &attributes, argv, envp)
            }
        }
        guard status == 0 else {
            throw StartFailure(description: "cannot start \(name): \(String(cString: strerror(status)))")
        }
        pid = child
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !isRunning {
                let output = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
                throw StartFailure(description: "\(name) exited before it was ready:\n\(output.suffix(3000))")
            }
            if ready(port) && (!ownListener || ownsListener(port)) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        let output = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        throw StartFailure(description: "\(name) was not ready on port \(port) within \(Int(timeout)) s:\n\(output.suffix(3000))")
    }

    /// Whether the process still runs (reaps it when it has exited).
    var isRunning: Bool {
        exited.withLock {
            if reaped { return false }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { reaped = true }
            return !reaped
        }
    }

    /// Stops the server by PID (SIGTERM to its supervisor, which stops the process group).
    func stop() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if isRunning {
            kill(pid, SIGKILL)
            while isRunning { Thread.sleep(forTimeInterval: 0.02) }
        }
    }

    deinit { stop() }

    private static func withCStrings<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T) -> T {
        var pointers = strings.map { strdup($0) }
        pointers.append(nil)
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }

    /// A free TCP port on 127.0.0.1 (bound to port 0, then released), never one this
    /// process handed out before (PortRegistry).
    static func freePort() -> Int {
        while true {
            let port = unusedPort()
            if PortRegistry.claim([port]) { return port }
        }
    }

    private static func unusedPort() -> Int {
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
        guard let result = try? ProcessRunner.runBlocking("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "2", url]) else { return false }
        guard let code = Int(result.stdout) else { return false }
        return code > 0 && code < 500
    }
}

extension ManagedServer {
    /// Starts a server listening on a free port, waiting for it on a dedicated thread: the
    /// start polls and sleeps, and the test's task must not hold one of the few cooperative
    /// threads meanwhile. `command` gets the port it is to listen on.
    static func start(name: String, environment: [String: String] = [:], timeout: TimeInterval = 600, command: @escaping @Sendable (Int) throws -> [String]) async throws -> ManagedServer {
        try await blocking {
            let port = freePort()
            return try ManagedServer(
                name: name, command: try command(port), environment: environment, port: port, timeout: timeout, ownListener: true, ready: { isListening($0) })
        }
    }

    /// Tests/Helpers/webhook_receiver.py on a free port: each POST is appended to `file` as a
    /// JSON line; the first `failFirst` are answered 503.
    static func webhookReceiver(recording file: URL, failFirst: Int = 0) async throws -> ManagedServer {
        let port = freePort()
        return try await blocking {
            try ManagedServer(
                name: "webhook", command: [try TestTools.python(), TestTools.helper("webhook_receiver.py"), String(port), file.path, String(failFirst)],
                port: port, ownListener: true, ready: { isListening($0) })
        }
    }
}

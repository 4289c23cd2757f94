import Foundation

/// Runs a command to completion and captures its output.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum ProcessRunner {
    /// Held from making a command's pipes until it is started (see ``runBlocking``).
    private static let spawnLock = NSLock()

    /// The same, waiting on a dedicated thread so async tests never block the few
    /// cooperative threads (other tests' timing depends on them).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: Data? = nil) async throws -> ProcessResult {
        try await blocking { try runBlocking(executable, arguments, environment: environment, input: input) }
    }

    /// Runs `executable` with `arguments`, feeding `input`, and waits.
    static func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: Data? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        // Pipes are made close-on-exec (the child gets its ends through dup2, which clears the
        // flag) and made and handed over under one lock. Otherwise a command started at the
        // same moment on another thread inherits this one's pipe ends, and this command's
        // output never reaches end-of-file until that other command exits (a 30 s slow-loris
        // client held a 15-byte curl this way).
        let (out, err, inPipe) = try spawnLock.withLock { () throws -> (Pipe, Pipe, Pipe) in
            let pipes = (Pipe(), Pipe(), Pipe())
            for pipe in [pipes.0, pipes.1, pipes.2] {
                for descriptor in [pipe.fileHandleForReading.fileDescriptor, pipe.fileHandleForWriting.fileDescriptor] {
                    _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
                }
            }
            process.standardOutput = pipes.0
            process.standardError = pipes.1
            process.standardInput = pipes.2
            try process.run()
            return pipes
        }
        if let input { inPipe.fileHandleForWriting.write(input) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty process cannot block on a full pipe. The
        // second reader is a thread of its own, never Dispatch's global queue: on Linux that
        // queue has as many threads as cores, and two long-running commands' readers (slow
        // clients, servers) would hold all of them, stalling every other command's read.
        let errData = LockedData()
        let done = DispatchSemaphore(value: 0)
        let reader = Thread {
            errData.set(err.fileHandleForReading.readDataToEndOfFile())
            done.signal()
        }
        reader.name = "process-runner.stderr"
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self))
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}

import Foundation
public import Logging
import MediaWorkerAWS
import MediaWorkerSupport
import Synchronization

/// A durable on-disk queue for the webhook: each accepted event is written to a file and
/// synced (file and folder) before the webhook answers 2xx, so nothing is lost if the worker
/// dies. Folders: `incoming/` (waiting; a retry's file is dated in the future until it is
/// due), `processing/` (taken; moved back at startup), `dead/` (the dead-letter path).
/// File names: `<nanoseconds>-<sequence>.a<attempts>.json`.
public final class SpoolMessageSource: MessageSource {
    public let directory: String
    public let waitSeconds: Int
    public let maxAttempts: Int
    public let logger: Logger
    private let sequence = Atomic<UInt64>(0)

    public init(directory: String, waitSeconds: Int, maxAttempts: Int, logger: Logger) throws {
        self.directory = directory
        self.waitSeconds = waitSeconds
        self.maxAttempts = maxAttempts
        self.logger = logger
        for folder in ["incoming", "processing", "dead", "tmp"] {
            try FileManager.default.createDirectory(atPath: path(folder), withIntermediateDirectories: true)
        }
    }

    public var description: String { "webhook spool \(directory)" }
    public var heartbeatInterval: Duration? { nil }
    public var deadFolder: String { path("dead") }

    /// Stores one event durably. Blocking (fsync): call it off the cooperative pool.
    public func store(_ body: [UInt8]) throws {
        let name = "\(UInt64(Date().timeIntervalSince1970 * 1e9))-\(sequence.wrappingAdd(1, ordering: .relaxed).newValue).a0.json"
        let temporary = path("tmp/" + name)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let error = SystemError.current("cannot create", path: temporary)
            throw WorkerError(.queue, error.description, cause: error)
        }
        var written = 0
        while written < body.count {
            let count = body[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard count > 0 else {
                let error = SystemError.current("cannot write", path: temporary)
                close(fd)
                unlink(temporary)
                throw WorkerError(.queue, error.description, cause: error)
            }
            written += count
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced, rename(temporary, path("incoming/" + name)) == 0 else {
            unlink(temporary)
            let error = SystemError.current("cannot store the event in", path: path("incoming"))
            throw WorkerError(.queue, error.description, cause: error)
        }
        syncFolder("incoming")
    }

    public func prepare() async throws {
        var recovered = 0
        for name in names("processing") where rename(path("processing/" + name), path("incoming/" + name)) == 0 { recovered += 1 }
        for name in names("tmp") { unlink(path("tmp/" + name)) }
        syncFolder("incoming")
        logger.info("webhook spool ready", metadata: ["directory": "\(directory)", "recovered": "\(recovered)"])
    }

    public func receive(max: Int) async throws -> [WorkMessage] {
        let deadline = ContinuousClock.now + .seconds(waitSeconds)
        while true {
            let now = Date()
            var messages: [WorkMessage] = []
            for name in names("incoming") where messages.count < max {
                if let date = (try? FileManager.default.attributesOfItem(atPath: path("incoming/" + name)))?[.modificationDate] as? Date, date > now { continue }
                let attempt = Self.attempts(in: name) + 1
                let taken = Self.renamed(name, attempts: attempt)
                guard rename(path("incoming/" + name), path("processing/" + taken)) == 0 else { continue }
                guard let data = FileManager.default.contents(atPath: path("processing/" + taken)) else { continue }
                messages.append(WorkMessage(id: String(taken.prefix { $0 != "." }), body: String(decoding: data, as: UTF8.self), attempt: attempt, handle: taken))
            }
            if !messages.isEmpty || ContinuousClock.now >= deadline { return messages }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    public func complete(_ message: WorkMessage) async throws {
        unlink(path("processing/" + message.handle))
        syncFolder("processing")
    }

    public func retry(_ message: WorkMessage, afterSeconds: Int) async throws {
        let target = path("incoming/" + message.handle)
        guard rename(path("processing/" + message.handle), target) == 0 else { return }
        if afterSeconds > 0 {
            try? FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(Double(afterSeconds))], ofItemAtPath: target)
        }
        syncFolder("incoming")
    }

    public func extend(_ message: WorkMessage) async throws {}

    public func pendingCount() async throws -> Int? {
        names("incoming").count + names("processing").count
    }

    public func deadLetter(_ message: WorkMessage, reason: String) async throws {
        let target = path("dead/" + message.handle)
        guard rename(path("processing/" + message.handle), target) == 0 else { return }
        try? Data(reason.utf8).write(to: URL(fileURLWithPath: target + ".reason"))
        syncFolder("dead")
    }

    private func path(_ relative: String) -> String { (directory as NSString).appendingPathComponent(relative) }

    private func names(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path(folder))) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    private func syncFolder(_ folder: String) {
        let fd = open(path(folder), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// `123-4.a2.json` → 2.
    static func attempts(in name: String) -> Int {
        let parts = name.split(separator: ".")
        guard parts.count >= 3, parts[parts.count - 2].hasPrefix("a") else { return 0 }
        return Int(parts[parts.count - 2].dropFirst()) ?? 0
    }

    static func renamed(_ name: String, attempts: Int) -> String {
        let stem = name.prefix { $0 != "." }
        return "\(stem).a\(attempts).json"
    }
}

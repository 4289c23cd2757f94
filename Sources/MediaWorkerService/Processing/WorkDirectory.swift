import Foundation

/// The worker's local scratch space: one folder per running job, named from a hash of the
/// job (never from the object key), removed when the job ends. Folders left by a crashed
/// worker are removed at startup. Jobs are refused while the disk is short.
public struct WorkDirectory: Sendable {
    public let root: String
    public let minimumFreeBytes: Int64
    /// What the smallest job needs beyond its input (outputs, thumbnails, partial files).
    public static let jobOverheadBytes: Int64 = 16 << 20

    public init(root: String, minimumFreeBytes: Int64) {
        self.root = root
        self.minimumFreeBytes = minimumFreeBytes
    }

    /// Creates the root and removes job folders left by earlier runs of this worker id.
    public func prepare(workerID: String) throws(WorkerError) {
        do {
            try FileManager.default.createDirectory(atPath: jobsRoot(workerID), withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: jobsRoot(workerID)) {
                try? FileManager.default.removeItem(atPath: (jobsRoot(workerID) as NSString).appendingPathComponent(name))
            }
        } catch {
            throw WorkerError(.workDirectory, "cannot prepare the work directory \(root): \(error.localizedDescription); set WORK_DIR to a writable directory")
        }
    }

    /// Free bytes on the work directory's filesystem.
    public func freeBytes() -> Int64? {
        var info = statvfs()
        guard statvfs(root, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    /// Whether a small job fits now: the worker stops taking messages while it does not,
    /// rather than take and hand back each one.
    public func hasRoomForAJob() -> Bool {
        guard let free = freeBytes() else { return true }
        return free - Self.jobOverheadBytes >= minimumFreeBytes
    }

    /// Makes a folder for one job after checking that `needed` bytes fit, keeping
    /// `minimumFreeBytes` free. Throws ``WorkerError/Code/diskShort`` otherwise (the job is
    /// retried later).
    public func makeJobFolder(workerID: String, name: String, needed: Int64) throws(WorkerError) -> String {
        if let free = freeBytes(), free - needed < minimumFreeBytes {
            throw WorkerError(
                .diskShort,
                "the work directory \(root) has \(free >> 20) MiB free; this job needs about \(needed >> 20) MiB plus the \(minimumFreeBytes >> 20) MiB kept free (MIN_FREE_DISK_MB); it will be retried")
        }
        let path = (jobsRoot(workerID) as NSString).appendingPathComponent("\(name)-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw WorkerError(.workDirectory, "cannot create \(path): \(error.localizedDescription)")
        }
        return path
    }

    public func remove(_ folder: String) {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Job folders now present (for tests and shutdown checks).
    public func jobFolders(workerID: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: jobsRoot(workerID))) ?? []
    }

    func jobsRoot(_ workerID: String) -> String {
        let safe = String(workerID.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }.prefix(64))
        return (root as NSString).appendingPathComponent("jobs-" + (safe.isEmpty ? "worker" : safe))
    }
}

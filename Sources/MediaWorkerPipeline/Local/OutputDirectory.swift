import Foundation
import MediaWorkerMedia

/// The delivery root on the local filesystem; every file lands atomically (written beside
/// its final name, then renamed), so a crash never leaves a half file under a final name.
struct OutputDirectory: Sendable {
    let root: String

    func path(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    func write(_ data: Data, to relative: String) throws {
        let url = URL(fileURLWithPath: path(relative))
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw MediaError(.io, "cannot write \(url.path): \(error.localizedDescription)", path: url.path)
        }
    }

    func write(_ data: Data, to relative: String, role: OutputRole) throws -> DeliveryReport.Output {
        try write(data, to: relative)
        return .init(role: role, path: relative, bytes: Int64(data.count))
    }

    func copy(_ file: String, to relative: String, role: OutputRole, duration: Double? = nil) throws -> DeliveryReport.Output {
        let destination = path(relative)
        let temporary = destination + ".partial"
        do {
            try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: temporary)
            // A hard link costs no space when both are on one filesystem (the worker's work
            // directory); otherwise a copy.
            if link(file, temporary) != 0 { try FileManager.default.copyItem(atPath: file, toPath: temporary) }
            if FileManager.default.fileExists(atPath: destination) { try FileManager.default.removeItem(atPath: destination) }
            try FileManager.default.moveItem(atPath: temporary, toPath: destination)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw MediaError(.io, "cannot copy \(file) to \(destination): \(error.localizedDescription)", path: destination)
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: destination))?[.size] as? NSNumber)?.int64Value ?? 0
        return .init(role: role, path: relative, bytes: size, duration: duration)
    }

    func readSmall(_ file: String, limit: Int) throws -> [UInt8] {
        let size = ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limit else {
            throw MediaError(.limitExceeded, "\(file) is \(size) bytes, over the \(limit)-byte caption limit", path: file)
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw MediaError(.io, "cannot read \(file)", path: file)
        }
        return [UInt8](data)
    }
}

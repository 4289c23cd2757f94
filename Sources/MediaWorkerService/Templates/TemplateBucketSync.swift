import Foundation
public import Logging
public import MediaWorkerS3
import MediaWorkerJobs
import MediaWorkerSupport

/// Job templates kept in a bucket prefix (`TEMPLATE_BUCKET_URI=s3://bucket/job-templates/`)
/// and mirrored into a local templates folder, where the ``TemplateStore`` reloads them as
/// usual (a broken file is refused there, the last good version stays in use). The console
/// saves an edit to the prefix; every worker's sync brings it into its folder. Only plain
/// `NAME.json` objects directly under the prefix are mirrored; a file the sync wrote is
/// removed when its object is deleted; local files it never wrote are left alone.
public final class TemplateBucketSync: Sendable {
    /// The bucket, and the prefix as the key (empty, or ending in `/`).
    public let location: S3Location
    public let directory: String
    let s3: S3Client
    /// ETag per file name, of the objects mirrored so far.
    private let mirrored = Locked<[String: String]>([:])

    public init(s3: S3Client, location: S3Location, directory: String) {
        self.s3 = s3
        self.location = location
        self.directory = directory
    }

    /// `s3://bucket/prefix` as a location whose key is the prefix with a trailing `/`;
    /// `nil` for anything else.
    public static func parse(_ uri: String) -> S3Location? {
        guard uri.hasPrefix("s3://") else { return nil }
        let rest = uri.dropFirst(5)
        let bucket = rest.prefix { $0 != "/" }
        guard !bucket.isEmpty else { return nil }
        var prefix = String(rest.dropFirst(bucket.count + 1))
        if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
        return S3Location(bucket: String(bucket), key: prefix)
    }

    /// Copies new and changed templates into the folder (each written beside it, then
    /// renamed) and removes the ones whose object is gone. Returns what changed, by name.
    @discardableResult
    public func sync() async throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let objects = try await s3.listAllObjects(bucket: location.bucket, prefix: location.key)
        var listed: [String: String] = [:]
        for object in objects {
            let name = String(object.key.dropFirst(location.key.count))
            guard JobTemplate.isPlainFileName(name) else { continue }
            listed[name] = object.etag
        }
        var changed: [String] = []
        let known = mirrored.withLock { $0 }
        for (name, etag) in listed.sorted(by: { $0.key < $1.key }) where known[name] != etag {
            let bytes = try await s3.getObjectBytes(S3Location(bucket: location.bucket, key: location.key + name), maxBytes: 4 << 20)
            try write(bytes, name: name)
            mirrored.withLock { $0[name] = etag }
            changed.append(name)
        }
        for name in known.keys.sorted() where listed[name] == nil {
            try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
            mirrored.withLock { $0[name] = nil }
            changed.append(name)
        }
        return changed
    }

    /// Saves a template to the prefix (the console's Save, after validation).
    public func put(name: String, text: String) async throws {
        _ = try await s3.putObject(
            S3Location(bucket: location.bucket, key: location.key + name), bytes: Array(text.utf8), options: S3PutOptions(contentType: "application/json"))
    }

    /// Syncs every `interval` until cancelled, logging what changed and what failed.
    public func run(every interval: Duration, logger: Logger) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            do {
                for name in try await sync() { logger.info("template bucket: \(name) mirrored from s3://\(location.bucket)/\(location.key)") }
            } catch {
                logger.warning("template bucket: cannot sync; the templates in the folder stay in use", metadata: ["bucket": "s3://\(location.bucket)/\(location.key)", "error": "\(error)"])
            }
        }
    }

    private func write(_ bytes: [UInt8], name: String) throws {
        let target = (directory as NSString).appendingPathComponent(name)
        let temporary = (directory as NSString).appendingPathComponent(".\(name).bucket-\(UUID().uuidString.prefix(8))")
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw WorkerError(.workDirectory, "cannot write \(temporary): check that the templates folder \(directory) is writable")
        }
        guard rename(temporary, target) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw WorkerError(.workDirectory, "cannot rename \(temporary) to \(target): check that the templates folder \(directory) is writable")
        }
    }
}

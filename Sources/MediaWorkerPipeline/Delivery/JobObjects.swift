import Foundation
import MediaWorkerAWS
public import MediaWorkerS3

/// Every object a job record stands for in the delivery bucket: its outputs and, for each
/// streaming manifest among them, what the manifest references (media playlists, segments,
/// initialization segments, I-frame playlists, DASH segment templates expanded by listing).
/// Used to replace one run's outputs with another's (a re-run) and to delete a job's outputs.
/// Only relative references inside the bucket count: an absolute URL is never followed.
public enum JobObjects {
    /// The keys of `report`'s objects, outputs first, each once. `read` gives a manifest's
    /// bytes (`nil` when it is gone); `list` the keys under a prefix (for DASH templates).
    public static func keys(
        of report: DeliveryReport, includeOriginal: Bool = false,
        read: (String) async throws -> [UInt8]?, list: (String) async throws -> [String]
    ) async throws -> [String] {
        var keys: [String] = []
        var seen = Set<String>()
        func add(_ key: String) -> Bool {
            guard !seen.contains(key) else { return false }
            seen.insert(key)
            keys.append(key)
            return true
        }
        var manifests: [String] = []
        for output in report.outputs where includeOriginal || output.role != .original {
            if add(output.path), isManifest(output.path) { manifests.append(output.path) }
        }
        while let manifest = manifests.first {
            manifests.removeFirst()
            guard let bytes = try await read(manifest) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            if manifest.lowercased().hasSuffix(".m3u8") {
                for reference in HLSReferences.uris(in: text) {
                    guard let key = resolve(reference, against: manifest) else { continue }
                    if add(key), isManifest(key) { manifests.append(key) }
                }
            } else {
                let references = DASHReferences(text)
                for file in references.files {
                    if let key = resolve(file, against: manifest) { _ = add(key) }
                }
                for pattern in references.numbered {
                    guard let prefix = resolve(pattern.prefix + "0", against: manifest).map({ String($0.dropLast()) }) else { continue }
                    for key in try await list(prefix) where pattern.matches(String(key.dropFirst(prefix.count))) {
                        _ = add(key)
                    }
                }
            }
        }
        return keys
    }

    /// The same, read from `store`'s `bucket`: a manifest that is gone (404) is skipped, any
    /// other failure thrown.
    public static func keys(of report: DeliveryReport, includeOriginal: Bool = false, store: any ObjectStore, bucket: String) async throws -> [String] {
        try await keys(
            of: report, includeOriginal: includeOriginal,
            read: { key in
                do {
                    return try await store.getObjectBytes(S3Location(bucket: bucket, key: key), maxBytes: manifestBytes)
                } catch let error as AWSServiceError where error.status == 404 {
                    return nil
                }
            },
            list: { prefix in try await store.listKeys(bucket: bucket, prefix: prefix) })
    }

    /// The largest manifest read.
    public static let manifestBytes = 16 << 20

    static func isManifest(_ key: String) -> Bool {
        let lower = key.lowercased()
        return lower.hasSuffix(".m3u8") || lower.hasSuffix(".mpd")
    }

    /// `reference` relative to the folder of `manifest`, `..` resolved; `nil` for an absolute
    /// URL, a rooted path or one that climbs out of the bucket.
    public static func resolve(_ reference: String, against manifest: String) -> String? {
        var uri = reference
        if let cut = uri.firstIndex(where: { $0 == "?" || $0 == "#" }) { uri = String(uri[..<cut]) }
        guard !uri.isEmpty, !uri.hasPrefix("/"), !uri.contains("://"), !uri.hasPrefix("data:") else { return nil }
        uri = uri.removingPercentEncoding ?? uri
        var parts = manifest.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        for part in uri.split(separator: "/", omittingEmptySubsequences: false).map(String.init) {
            switch part {
            case ".", "": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }
}

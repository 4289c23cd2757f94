import Foundation
import MediaWorkerPipeline
import MediaWorkerS3

/// Uploading what the pipeline made: media (segments, renditions, pictures) several at a time,
/// then the manifests, media playlists before the multivariant ones, so that a manifest is
/// only ever stored after every object it names (a failed upload leaves no manifest that
/// points at missing segments).
extension LocalBackend {
    /// How many media files go up at once.
    static let parallelUploads = 4

    func uploadOutputs(root: String) async throws -> [String: S3ObjectInfo] {
        let files = try Self.files(under: root)
        let (manifests, media) = (files.filter(Self.isManifest), files.filter { !Self.isManifest($0) })
        var uploaded: [String: S3ObjectInfo] = [:]
        try await withThrowingTaskGroup(of: (String, S3ObjectInfo).self) { group in
            var pending = media[...]
            func next() {
                guard let relative = pending.popFirst() else { return }
                group.addTask { (relative, try await uploadMedia(relative, root: root)) }
            }
            for _ in 0..<Self.parallelUploads { next() }
            while let (relative, info) = try await group.next() {
                uploaded[relative] = info
                next()
            }
        }
        let ordered = manifests.sorted { Self.manifestRank(root, $0) < Self.manifestRank(root, $1) }
        for relative in ordered { uploaded[relative] = try await upload(relative, root: root) }
        return uploaded
    }

    /// A media file's upload; its failure names the file and says that no manifest of its
    /// package went up (cancellation and a lost claim are passed on as they are).
    private func uploadMedia(_ relative: String, root: String) async throws -> S3ObjectInfo {
        do {
            return try await upload(relative, root: root)
        } catch let error as ClaimError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw WorkerError(
                .delivery,
                "cannot upload \(relative) to s3://\(delivery.destinationBucket): \(error); no manifest of the job was uploaded, so none names a missing segment (check the bucket's permissions and the store's health; the job is retried while attempts remain)",
                cause: error)
        }
    }

    private func upload(_ relative: String, root: String) async throws -> S3ObjectInfo {
        let location = S3Location(bucket: delivery.destinationBucket, key: relative)
        let file = (root as NSString).appendingPathComponent(relative)
        let options = S3PutOptions(
            contentType: ContentTypes.forPath(relative), cacheControl: Self.isManifest(relative) ? SourceDelivery.revalidate : SourceDelivery.mediaCacheControl)
        return skipStored
            ? try await store.uploadUnlessStored(location, file: file, options: options).info
            : try await store.upload(location, file: file, options: options)
    }

    /// A file that names other delivered files: HLS playlists, DASH MPDs, the WebVTT
    /// thumbnails track (it names the sprite sheets).
    static func isManifest(_ relative: String) -> Bool {
        relative.hasSuffix(".m3u8") || relative.hasSuffix(".mpd") || relative.hasSuffix("_thumbnails.vtt")
    }

    /// 0 for a media playlist, 1 for a manifest that names other manifests (HLS multivariant, DASH MPD).
    static func manifestRank(_ root: String, _ relative: String) -> Int {
        guard let text = try? String(contentsOfFile: (root as NSString).appendingPathComponent(relative), encoding: .utf8) else { return 1 }
        return text.contains("#EXT-X-STREAM-INF") || relative.hasSuffix(".mpd") ? 1 : 0
    }
}

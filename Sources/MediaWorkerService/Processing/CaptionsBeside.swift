import Foundation
import MediaWorkerAWS
import MediaWorkerS3
import MediaWorkerShorts

/// The caption file uploaded beside a video (`inputs/show/ep1.srt` for `inputs/show/ep1.mp4`),
/// which shorts burn in: the first of ``ShortsCaptions/extensions`` that exists is downloaded
/// as `<stem>.<ext>`, where the shorts job looks for it.
enum CaptionsBeside {
    /// The local file written, or `nil` when no caption file is beside the upload.
    @discardableResult
    static func download(_ source: S3Location, from store: any ObjectStore, as stem: String) async throws -> String? {
        let base = (source.key as NSString).deletingPathExtension
        for ext in ShortsCaptions.extensions {
            let location = S3Location(bucket: source.bucket, key: "\(base).\(ext)")
            do {
                _ = try await store.headObject(location)
            } catch let error as AWSServiceError where error.status == 404 {
                continue
            }
            let path = "\(stem).\(ext)"
            _ = try await store.download(location, toFile: path)
            return path
        }
        return nil
    }
}

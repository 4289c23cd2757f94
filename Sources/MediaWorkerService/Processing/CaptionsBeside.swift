import Foundation
import MediaWorkerAWS
public import MediaWorkerJobs
import MediaWorkerJSON
public import MediaWorkerS3
import MediaWorkerShorts

/// The caption file uploaded beside a video (`inputs/show/ep1.srt` for `inputs/show/ep1.mp4`),
/// which shorts burn in and templates name as `{{CAPTIONS_URL}}`: the first of
/// ``ShortsCaptions/extensions`` that exists.
public enum CaptionsBeside {
    /// Whether `template` reads the captions beside its upload (shorts, or `{{CAPTIONS_URL}}`).
    public static func wanted(by template: JobTemplate) -> Bool {
        ShortsJob.isShortsTemplate(template) || JSONWriter.write(template.settings).contains("{{\(Placeholder.captionsURL.rawValue)}}")
    }

    /// The caption file beside `source`, if there is one.
    public static func find(_ source: S3Location, in store: any ObjectStore) async throws -> S3Location? {
        let base = (source.key as NSString).deletingPathExtension
        for ext in ShortsCaptions.extensions {
            let location = S3Location(bucket: source.bucket, key: "\(base).\(ext)")
            do {
                _ = try await store.headObject(location)
                return location
            } catch let error as AWSServiceError where error.status == 404 {
                continue
            }
        }
        return nil
    }

    /// Downloads the caption file beside `source` as `<stem>.<ext>`, where the local engine
    /// and the shorts job look for it; returns that path, or `nil` when there is none.
    @discardableResult
    public static func download(_ source: S3Location, from store: any ObjectStore, as stem: String) async throws -> String? {
        guard let location = try await find(source, in: store) else { return nil }
        let path = "\(stem).\((location.key as NSString).pathExtension)"
        _ = try await store.download(location, toFile: path)
        return path
    }
}

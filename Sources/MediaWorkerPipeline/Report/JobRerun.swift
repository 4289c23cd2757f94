import Foundation
import MediaWorkerJobs

/// A re-run of an upload that was asked for (the console's **Re-run**, or any message whose
/// S3 record carries `mediaWorker.rerun`): the same upload processed again with `template`,
/// even though its record already says COMPLETE. The earlier run's outputs are deleted
/// first (the original stays), so the upload keeps exactly one set: this run's. A message
/// for the same re-run `id` delivered twice does the work once.
public struct JobRerun: Codable, Sendable, Equatable {
    /// Names this re-run; a second delivery of the same id is a duplicate.
    public var id: String
    /// The template file the re-run uses (in the worker's templates directory).
    public var template: String
    /// Who asked for it (the console user), when the message says.
    public var requestedBy: String?
    /// When it was asked for, as the message says (ISO 8601).
    public var requestedAt: String?
    /// The earlier run's objects deleted before this one (manifests' segments included).
    public var replacedObjects: Int?

    public init(id: String, template: String, requestedBy: String? = nil, requestedAt: String? = nil, replacedObjects: Int? = nil) {
        self.id = id
        self.template = template
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.replacedObjects = replacedObjects
    }

    /// Whether `name` may be asked for: a plain template file name (``JobTemplate/isPlainFileName(_:)``),
    /// `.json` may be left out.
    public static func isValidTemplateName(_ name: String) -> Bool {
        JobTemplate.isPlainFileName(name.hasSuffix(".json") ? name : name + ".json")
    }
}

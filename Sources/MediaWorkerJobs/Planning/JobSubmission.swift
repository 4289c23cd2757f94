/// The CreateJob members that come from the deployment rather than the template.
public struct JobSubmission: Sendable, Equatable {
    /// `MEDIACONVERT_ROLE_ARN`: the IAM role MediaConvert assumes to read and write S3.
    public var role: String
    /// `MEDIACONVERT_QUEUE`: a queue ARN or name; `nil` keeps the template's (or the default queue).
    public var queue: String?
    /// -50…50; `nil` keeps the template's.
    public var priority: Int?
    /// `DISABLED`, `ENABLED` or `PREFERRED`; `nil` keeps the template's.
    public var accelerationMode: String?
    /// `SECONDS_10` … `SECONDS_600`; `nil` keeps the template's.
    public var statusUpdateInterval: String?
    /// Written into `UserMetadata.application`.
    public var application: String

    public init(role: String, queue: String? = nil, priority: Int? = nil, accelerationMode: String? = nil, statusUpdateInterval: String? = nil, application: String = "media-worker") {
        self.role = role
        self.queue = queue
        self.priority = priority
        self.accelerationMode = accelerationMode
        self.statusUpdateInterval = statusUpdateInterval
        self.application = application
    }
}

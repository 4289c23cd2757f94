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

    /// From `MEDIACONVERT_ROLE_ARN` (required), `MEDIACONVERT_QUEUE`, `MEDIACONVERT_PRIORITY`,
    /// `MEDIACONVERT_ACCELERATION` and `MEDIACONVERT_STATUS_UPDATE_INTERVAL`. Throws
    /// ``JobSubmissionError`` naming the variable and the values it takes.
    public static func fromEnvironment(_ environment: [String: String], application: String = "media-worker") throws(JobSubmissionError) -> JobSubmission {
        guard let role = environment["MEDIACONVERT_ROLE_ARN"], role.hasPrefix("arn:") else {
            throw JobSubmissionError("MEDIACONVERT_ROLE_ARN must be the ARN of the role MediaConvert assumes (arn:aws:iam::ACCOUNT:role/NAME)")
        }
        var submission = JobSubmission(role: role, application: application)
        submission.queue = environment["MEDIACONVERT_QUEUE"].flatMap { $0.isEmpty ? nil : $0 }
        if let text = environment["MEDIACONVERT_PRIORITY"], !text.isEmpty {
            guard let priority = Int(text), (-50...50).contains(priority) else {
                throw JobSubmissionError("MEDIACONVERT_PRIORITY=\(text): use an integer from -50 to 50")
            }
            submission.priority = priority
        }
        if let mode = environment["MEDIACONVERT_ACCELERATION"], !mode.isEmpty {
            guard TemplateEnums.accelerationModes.contains(mode) else {
                throw JobSubmissionError("MEDIACONVERT_ACCELERATION=\(mode): use one of \(TemplateEnums.accelerationModes.joined(separator: ", "))")
            }
            submission.accelerationMode = mode
        }
        if let interval = environment["MEDIACONVERT_STATUS_UPDATE_INTERVAL"], !interval.isEmpty {
            guard TemplateEnums.statusUpdateIntervals.contains(interval) else {
                throw JobSubmissionError("MEDIACONVERT_STATUS_UPDATE_INTERVAL=\(interval): use one of \(TemplateEnums.statusUpdateIntervals.joined(separator: ", "))")
            }
            submission.statusUpdateInterval = interval
        }
        return submission
    }
}

/// A MediaConvert setting in the environment that cannot be used.
public struct JobSubmissionError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

public import Foundation
public import MediaWorkerJobs

/// Review before publishing: a job whose upload matches a review rule (`REVIEW_PREFIXES`)
/// is delivered privately and waits, `pending`, without a notification; a reviewer in the
/// console approves it (the outputs are copied to the public location and the notification
/// is sent) or rejects it (they stay private). Who decided, when and why is kept here.
public struct JobReview: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        case pending, approved, rejected
    }

    public var state: State
    /// Why review was required: the rule that matched (a `REVIEW_PREFIXES` entry).
    public var rule: String
    public var decidedBy: String?
    public var decidedAt: Date?
    public var note: String?
    /// Where approval copied the outputs: `s3://bucket/prefix`.
    public var publishedTo: String?

    public init(state: State, rule: String) {
        self.state = state
        self.rule = rule
    }

    /// The review `template` asks for (its `MediaWorkerReview` member), if any.
    public static func required(byTemplate template: JobTemplate?) -> JobReview? {
        guard let template, let reason = template.reviewRequirement else { return nil }
        return JobReview(state: .pending, rule: "template \(template.name): \(reason)")
    }

    /// The review an upload key needs under `prefixes` (`*` matches every key), if any.
    public static func required(for key: String, prefixes: [String]) -> JobReview? {
        guard let rule = prefixes.first(where: { $0 == "*" || key.hasPrefix($0) }) else { return nil }
        return JobReview(state: .pending, rule: "REVIEW_PREFIXES \(rule)")
    }
}

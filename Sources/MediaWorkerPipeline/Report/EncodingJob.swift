public import Foundation

/// The encoding job behind a delivery: which backend and template, MediaConvert's job id
/// and final state.
public struct EncodingJob: Codable, Sendable, Equatable {
    /// `mediaconvert` or `local`.
    public var backend: String
    public var template: String
    public var templateVersion: String
    public var id: String?
    /// MediaConvert's status: `SUBMITTED`, `PROGRESSING`, `COMPLETE`, `ERROR`, `CANCELED`.
    public var status: String?
    public var clientRequestToken: String?
    public var submittedAt: Date?
    public var finishedAt: Date?
    public var errorCode: Int?
    public var errorMessage: String?
    /// The planned outputs (keys in the delivery bucket), to check and measure on completion.
    public var plannedKeys: [String]
    /// Outputs the planner left out, with the reason.
    public var dropped: [String]
    /// Template members the local engine did not execute.
    public var notExecuted: [String]

    public init(backend: String, template: String, templateVersion: String, plannedKeys: [String] = [], dropped: [String] = [], notExecuted: [String] = []) {
        self.backend = backend
        self.template = template
        self.templateVersion = templateVersion
        self.plannedKeys = plannedKeys
        self.dropped = dropped
        self.notExecuted = notExecuted
    }
}

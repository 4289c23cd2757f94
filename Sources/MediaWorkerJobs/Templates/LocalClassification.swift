/// How the local engine treats a template's members, each member counted once (array
/// indices written `[]`, the operator's selector names `*`): what `validate-templates --local`
/// prints.
public struct LocalClassification: Sendable, Equatable {
    /// The members the engine executes, as documented in docs/job-templates.md.
    public var executed: [String]
    /// The members whose value asks for what the engine does anyway (`AfdSignaling: NONE`).
    public var equivalent: [String]
    /// What it does not execute, each with the reason (the template's ``JobTemplate/localWarnings``).
    public var notExecuted: [TemplateIssue]

    public init(executed: [String], equivalent: [String], notExecuted: [TemplateIssue]) {
        self.executed = executed
        self.equivalent = equivalent
        self.notExecuted = notExecuted
    }

    /// `12 members executed, 3 equivalent by default, 2 not executed`.
    public var summary: String {
        "\(executed.count) member\(executed.count == 1 ? "" : "s") executed, \(equivalent.count) equivalent by default, \(notExecuted.count) not executed"
    }
}

public import MediaWorkerJobs
public import MediaWorkerPipeline

/// The routing table and the templates directory it names templates in: gives a job its
/// routed template, or `nil` for the default one.
public struct TemplateSelection: Sendable {
    public let routing: TemplateRouting
    /// `nil` when the worker has no templates directory (no `JOB_TEMPLATE` or `TEMPLATE_DIRECTORY`).
    public let store: TemplateStore?

    public init(routing: TemplateRouting, store: TemplateStore?) {
        self.routing = routing
        self.store = store
    }

    /// The routed template for the upload, or `nil` for the default. Throws (the job fails as
    /// `invalid_template`) when the upload or a rule names a template that is not in
    /// the directory or does not validate.
    /// A re-run's `requested` template comes before the object's metadata and the rules.
    public func template(key: String, metadata: [String: String], requested: JobRerun? = nil) throws(TemplateError) -> (template: JobTemplate, choice: TemplateChoice)? {
        let asked = requested.map { TemplateChoice(template: $0.template.hasSuffix(".json") ? $0.template : $0.template + ".json", reason: "re-run \($0.id)" + ($0.requestedBy.map { " asked by \($0)" } ?? "")) }
        guard let choice = asked ?? routing.choose(key: key, metadata: metadata) else { return nil }
        guard let store else {
            throw TemplateError(.notFound, file: choice.template, issues: [TemplateIssue(
                .error, file: choice.template, path: "", line: nil,
                message: "\(choice.reason) asks for \(choice.template), but this worker has no templates directory; set TEMPLATE_DIRECTORY (or JOB_TEMPLATE)")])
        }
        return (try store.template(named: choice.template), choice)
    }
}

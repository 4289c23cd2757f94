import MediaWorkerJSON

extension JobTemplate {
    /// The extension member by which a template asks for review before publishing:
    /// `"MediaWorkerReview": {"Required": true, "Reason": "legal sign-off"}` beside `Settings`
    /// (left out of the MediaConvert request, like every `MediaWorker*` member).
    public static let reviewMember = "MediaWorkerReview"

    /// Why this template's jobs wait for review (`nil`: they do not).
    public var reviewRequirement: String? {
        guard let member = extensions.first(where: { $0.key == Self.reviewMember }), member.value["Required"]?.boolValue == true else { return nil }
        return member.value["Reason"]?.stringValue ?? "the template asks for review"
    }

    /// The problems of a `MediaWorkerReview` member: an object with a boolean `Required` and
    /// an optional string `Reason`, nothing else.
    static func reviewIssues(_ extensions: [JSONValue.Member], file: String) -> [TemplateIssue] {
        guard let member = extensions.first(where: { $0.key == reviewMember }) else { return [] }
        func issue(_ path: String, _ message: String) -> TemplateIssue {
            TemplateIssue(.error, file: file, path: path, line: nil, message: message)
        }
        guard let members = member.value.members else {
            return [issue(reviewMember, "\(reviewMember) must be an object, e.g. {\"Required\": true, \"Reason\": \"legal sign-off\"}")]
        }
        var issues: [TemplateIssue] = []
        for field in members {
            switch field.key {
            case "Required" where field.value.boolValue == nil:
                issues.append(issue("\(reviewMember).Required", "Required must be true or false, not \(field.value.kindDescription)"))
            case "Reason" where field.value.stringValue == nil:
                issues.append(issue("\(reviewMember).Reason", "Reason must be a string, not \(field.value.kindDescription)"))
            case "Required", "Reason": break
            default:
                issues.append(issue("\(reviewMember).\(field.key)", "unknown member \(field.key); \(reviewMember) takes Required and Reason"))
            }
        }
        if member.value["Required"] == nil { issues.append(issue("\(reviewMember).Required", "\(reviewMember) needs Required (true or false)")) }
        return issues
    }
}

import Foundation

/// Which template an upload uses: the object's `x-amz-meta-media-worker-template` when present
/// (and allowed), else the first routing rule that matches its key, else the default
/// (`JOB_TEMPLATE`). Pure: decided from the key and the object's metadata alone.
public struct TemplateRouting: Sendable, Equatable {
    /// The user-metadata name (without `x-amz-meta-`) that picks a template per object.
    public static let metadataName = "media-worker-template"

    /// In order; the first match wins.
    public var rules: [TemplateRule]
    /// Honour `x-amz-meta-media-worker-template` (`TEMPLATE_METADATA_OVERRIDE`, default true).
    public var metadataOverride: Bool

    public init(rules: [TemplateRule] = [], metadataOverride: Bool = true) {
        self.rules = rules
        self.metadataOverride = metadataOverride
    }

    /// The template for the upload at `key` whose user metadata is `metadata` (names in lower
    /// case, as S3 returns them); `nil` for the default.
    public func choose(key: String, metadata: [String: String]) -> TemplateChoice? {
        if metadataOverride, let asked = metadata[Self.metadataName]?.trimmingCharacters(in: .whitespaces), !asked.isEmpty {
            let name = asked.hasSuffix(".json") ? asked : asked + ".json"
            return TemplateChoice(template: name, reason: "x-amz-meta-\(Self.metadataName): \(asked)")
        }
        if let rule = rules.first(where: { $0.matches(key) }) {
            return TemplateChoice(template: rule.template, reason: "routing rule \(rule)")
        }
        return nil
    }
}

/// A routed template and why it was chosen (logged and kept in the job record's `job`).
public struct TemplateChoice: Sendable, Equatable {
    /// The file name in the templates directory.
    public var template: String
    public var reason: String

    public init(template: String, reason: String) {
        self.template = template
        self.reason = reason
    }
}

import Foundation
import MediaWorkerSupport
import MediaWorkerJobs

extension WorkerConfiguration {
    /// `TEMPLATE_ROUTES` (`inputs/shorts/=shorts.json,*.mov=mov.json`), `TEMPLATE_DIRECTORY`
    /// (default: `JOB_TEMPLATE`'s folder) and `TEMPLATE_METADATA_OVERRIDE` (default true).
    mutating func readTemplateRouting(_ reader: ConfigReader) {
        if let text = reader.string("TEMPLATE_ROUTES") {
            let (rules, problems) = TemplateRule.parse(text)
            for problem in problems { reader.report("TEMPLATE_ROUTES: \(problem)") }
            templateRouting.rules = rules
        }
        templateRouting.metadataOverride = reader.flag("TEMPLATE_METADATA_OVERRIDE") ?? true
        if let uri = reader.string("TEMPLATE_BUCKET_URI") {
            templateBucket = TemplateBucketSync.parse(uri)
            if templateBucket == nil { reader.report("TEMPLATE_BUCKET_URI=\(uri): give the bucket prefix as s3://BUCKET/PREFIX/") }
            if reader.string("TEMPLATE_DIRECTORY") == nil, jobTemplate == nil {
                reader.report("TEMPLATE_BUCKET_URI: set TEMPLATE_DIRECTORY (or JOB_TEMPLATE) to name the folder the templates are mirrored into")
            }
        }
        if let directory = reader.string("TEMPLATE_DIRECTORY") {
            var isDirectory: ObjCBool = false
            if templateBucket == nil, !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
                reader.report("TEMPLATE_DIRECTORY=\(directory): no such folder (give the folder of the templates, e.g. job-templates)")
            }
            if let template = jobTemplate, Self.folder(of: template) != Self.folder(of: (directory as NSString).appendingPathComponent("x")) {
                reader.report("JOB_TEMPLATE=\(template) is outside TEMPLATE_DIRECTORY=\(directory); put the default template in that folder")
            }
            templateDirectory = directory
        } else if let template = jobTemplate {
            templateDirectory = Self.folder(of: template)
        } else if !templateRouting.rules.isEmpty {
            reader.report("TEMPLATE_ROUTES: set TEMPLATE_DIRECTORY (or JOB_TEMPLATE) to say where the routed templates are")
        }
    }

    /// The folder of a path, standardised (`.` for a bare file name).
    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : (folder as NSString).standardizingPath
    }

    /// The routing with the templates it names, checked: a rule naming a template that is
    /// missing or broken is a configuration error (the worker does not start with it).
    func templateSelection(store: TemplateStore?) throws(WorkerConfigurationError) -> TemplateSelection {
        let selection = TemplateSelection(routing: templateRouting, store: store)
        var problems: [String] = []
        for rule in templateRouting.rules {
            do {
                _ = try store?.template(named: rule.template)
            } catch {
                problems.append("TEMPLATE_ROUTES: \(rule): \(error)")
            }
        }
        guard problems.isEmpty else { throw WorkerConfigurationError(problems) }
        return selection
    }
}

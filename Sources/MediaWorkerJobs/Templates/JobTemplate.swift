public import MediaWorkerJSON
public import MediaWorkerMedia
import Foundation

/// An operator's job template from `job-templates/`: MediaConvert CreateJob `Settings`
/// (a bare `Settings` object, a CreateJob body with `Settings` plus `Queue`, `Priority`,
/// `AccelerationSettings`, `StatusUpdateInterval`, `UserMetadata`, ..., or a MediaConvert job
/// template with `Name`, `Description`, `Category`), in PascalCase or in the REST API's
/// camelCase (read as PascalCase). Every `Settings` member is kept as written, known or not,
/// and sent to MediaConvert; the typed view below is what the planner and the local engine read.
public struct JobTemplate: Sendable {
    /// The members of a MediaConvert job template that CreateJob does not take (botocore's
    /// `JobTemplate` shape less CreateJob's input): read, never sent.
    public static let templateOnlyMembers: Set<String> = ["Name", "Description", "Category", "Type", "Arn", "CreatedAt", "LastUpdated"]

    /// media-worker's own members beside `Settings` (`MediaWorkerShorts`): read by the worker,
    /// never sent to MediaConvert.
    public static func isExtensionMember(_ key: String) -> Bool { key.hasPrefix("MediaWorker") }

    /// The file name: `job.json`.
    public var name: String
    /// The `Settings` object (PascalCase), placeholders not yet replaced.
    public var settings: JSONValue
    /// The other CreateJob members of a CreateJob-shaped file, in order.
    public var jobMembers: [JSONValue.Member]
    /// The job template members CreateJob does not take (``templateOnlyMembers``), in order.
    public var templateMembers: [JSONValue.Member]
    /// media-worker's extension members (``isExtensionMember(_:)``), in order.
    public var extensions: [JSONValue.Member] = []
    /// The `MediaWorkerThumbnails` extension: sprite sheets and a WebVTT thumbnails track.
    public var thumbnails: TemplateThumbnails?
    /// The first input's `ImageInserter` images, `ImageInserterInput` as written.
    public var inputImages: [ImageOverlay] = []
    public var outputGroups: [TemplateOutputGroup]
    /// How the local engine treats each member: executed, equivalent by default, or not executed
    /// (`validate-templates --local`).
    public var localMembers = LocalClassification(executed: [], equivalent: [], notExecuted: [])
    /// What the local engine will not execute, by path (warnings).
    public var localWarnings: [TemplateIssue] { localMembers.notExecuted }
    /// A fingerprint of the file (FNV-1a of its bytes), to tell versions apart in logs.
    public var version: String

    /// Reads and validates a template file. Throws ``TemplateError``.
    public static func load(path: String) throws(TemplateError) -> JobTemplate {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TemplateError(.unreadable, file: name, issues: [
                TemplateIssue(.error, file: name, path: "", line: nil, message: "cannot read \(path): check that it exists and is readable"),
            ])
        }
        return try parse(Array(data), name: name)
    }

    /// Parses and validates template text. Throws ``TemplateError`` with every error found.
    public static func parse(_ bytes: [UInt8], name: String) throws(TemplateError) -> JobTemplate {
        let parsed: JSONParser.Result
        do {
            parsed = try JSONParser.parse(bytes)
        } catch {
            throw TemplateError(.syntax, file: name, issues: [
                TemplateIssue(.error, file: name, path: "", line: error.line, message: "not valid JSON: \(error.message) (column \(error.column))"),
            ])
        }
        let names = TemplateNames.normalize(parsed)
        let root = names.value
        guard case .object(let members) = root else {
            throw TemplateError(.invalid, file: name, issues: [
                TemplateIssue(.error, file: name, path: "", line: parsed.lines[""], message: "expected an object (MediaConvert job Settings), got \(root.kindDescription)"),
            ])
        }
        let isCreateJob = root["Settings"] != nil
        var top = TemplateReader(file: name, lines: names.lines, prefix: "", writtenPaths: names.writtenPaths)
        for conflict in names.conflicts {
            top.error(conflict.path, "written both as \"\(conflict.other)\" and as \"\(conflict.written)\"; keep one")
        }
        var reader = TemplateReader(file: name, lines: names.lines, prefix: isCreateJob ? "Settings" : "", writtenPaths: names.writtenPaths)
        let settings = isCreateJob ? root["Settings"]! : root
        var jobMembers: [JSONValue.Member] = []
        var templateMembers: [JSONValue.Member] = []
        if isCreateJob {
            jobMembers = members.filter { $0.key != "Settings" && !templateOnlyMembers.contains($0.key) && !isExtensionMember($0.key) }
            templateMembers = members.filter { templateOnlyMembers.contains($0.key) }
            readJobMembers(root, into: &top)
        }
        let thumbnails = isCreateJob ? TemplateThumbnails.read(root, &top) : nil
        reader.issues = top.issues
        guard case .object = settings else {
            top.error("Settings", "expected an object, got \(settings.kindDescription)")
            throw TemplateError(.invalid, file: name, issues: top.issues)
        }
        var inputImages: [ImageOverlay] = []
        let groups = readSettings(settings, inputImages: &inputImages, &reader)
        checkPlaceholders(settings, path: "", &reader)
        let errors = reader.issues.filter { $0.severity == .error }
        if !errors.isEmpty { throw TemplateError(.invalid, file: name, issues: errors) }
        var template = JobTemplate(
            name: name, settings: settings, jobMembers: jobMembers, templateMembers: templateMembers, outputGroups: groups,
            version: Self.fingerprint(bytes))
        template.inputImages = inputImages
        template.extensions = isCreateJob ? members.filter { isExtensionMember($0.key) } : []
        let extensionErrors = reviewIssues(template.extensions, file: name)
        if !extensionErrors.isEmpty { throw TemplateError(.invalid, file: name, issues: extensionErrors) }
        template.thumbnails = thumbnails
        template.localMembers = LocalSupport.classify(template, reader: reader)
        return template
    }

    static func fingerprint(_ bytes: [UInt8]) -> String {
        // FNV-1a 64: enough to tell two versions of a file apart in a log line.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The CreateJob (and job template) members around `Settings`, read with a root-level reader.
    private static func readJobMembers(_ root: JSONValue, into top: inout TemplateReader) {
        for member in ["Name", "Description", "Category"] { _ = top.string(root, member, at: "") }
        _ = top.string(root, "Queue", at: "")
        _ = top.integer(root, "Priority", at: "", range: -50...50)
        _ = top.string(root, "StatusUpdateInterval", at: "", allowed: TemplateEnums.statusUpdateIntervals)
        if let acceleration = top.object(root, "AccelerationSettings", at: "") {
            _ = top.string(acceleration, "Mode", at: "AccelerationSettings", required: true, allowed: TemplateEnums.accelerationModes)
        }
        if let metadata = top.object(root, "UserMetadata", at: "") {
            for member in metadata.members ?? [] where member.value.stringValue == nil {
                top.error("UserMetadata.\(member.key)", "expected a string, got \(member.value.kindDescription)")
            }
        }
    }

    private static func checkPlaceholders(_ value: JSONValue, path: String, _ reader: inout TemplateReader) {
        switch value {
        case .string(let text):
            let known = Set(Placeholder.allCases.map(\.rawValue))
            for name in Placeholder.names(in: text) where !known.contains(name) {
                reader.error(path, "unknown placeholder {{\(name)}}; known: \(Placeholder.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", "))")
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() { checkPlaceholders(element, path: "\(path)[\(index)]", &reader) }
        case .object(let members):
            for member in members { checkPlaceholders(member.value, path: TemplateReader.join(path, member.key), &reader) }
        default: break
        }
    }
}

import Foundation
import MediaWorkerJSON
import MediaWorkerJobs
import MediaWorkerPipeline
import Testing

/// The real-world MediaConvert job settings in `../shared/fixtures/mediaconvert-templates/`
/// (third-party files, read where they are, never copied into the repository). A clone made
/// from a local repository (`git clone /work/main /tmp/x`) finds them beside that one.
enum TemplateCorpus {
    static let relative = "shared/fixtures/mediaconvert-templates"

    static var directory: URL {
        let beside = Fixtures.repositoryRoot.deletingLastPathComponent().appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: beside.path) { return beside }
        if let origin = localOrigin() {
            let besideOrigin = origin.deletingLastPathComponent().appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: besideOrigin.path) { return besideOrigin }
        }
        return beside
    }

    /// The folder `remote.origin.url` names, when it is a local path.
    static func localOrigin() -> URL? {
        guard let config = try? String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent(".git/config"), encoding: .utf8) else { return nil }
        var inOrigin = false
        for line in config.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("[") { inOrigin = line == "[remote \"origin\"]" }
            if inOrigin, line.hasPrefix("url"), let equals = line.firstIndex(of: "=") {
                let url = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                let path = url.hasPrefix("file://") ? String(url.dropFirst(7)) : url
                return path.hasPrefix("/") ? URL(fileURLWithPath: path) : nil
            }
        }
        return nil
    }

    /// The corpus's `.json` files, sorted. Without the folder the test is skipped with one
    /// printed line, except with CI=true, where it fails.
    static func files() throws -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let files = names.filter { $0.hasSuffix(".json") }.sorted().map { directory.appendingPathComponent($0) }
        guard files.isEmpty else { return files }
        let reason = "\(directory.path) has no templates (the shared fixtures are not checked out)"
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw TestTools.Missing(description: "the MediaConvert template corpus is required with CI=true: \(reason)")
        }
        print("TemplateCorpusTests skipped: \(reason)")
        try Test.cancel("skipped: \(reason)")
    }
}

@Suite("Real-world MediaConvert job settings: every one validates and plans to a CreateJob botocore's model accepts")
struct TemplateCorpusTests {
    /// Files expected to be refused, with the reason. None: each one is valid for MediaConvert.
    static let expectedRefusals: [String: String] = [:]

    @Test("the 24 templates of the corpus validate, plan for a 1080p source with audio, and pass botocore's model")
    func corpus() async throws {
        let files = try TemplateCorpus.files()
        #expect(files.count == 24)
        let metadata = try await PlanningSources.shared.metadata("1080p")
        var planned: [(name: String, job: PlannedJob)] = []
        var refused: [String: String] = [:]
        var lines: [String] = []
        for file in files {
            let name = file.lastPathComponent
            let source = JobSource(bucket: "watch", key: "inputs/show/\(name.prefix(2)).mp4", etag: "\"9b2cf535f27731c974343645a3985328\"")
            let destination = DeliveryLayout(key: source.key).jobDestination(bucket: "delivery")
            do {
                let template = try JobTemplate.load(path: file.path)
                do {
                    let job = try JobPlanner(submission: PlannerTests.submission).plan(template: template, metadata: metadata, source: source, destination: destination)
                    planned.append((name, job))
                } catch {
                    refused[name] = "plan: \(error)"
                }
            } catch {
                refused[name] = "validate: \(error.issues.first.map(\.description) ?? error.description)"
            }
        }
        for (name, job) in planned { Self.checkFilled(job, name: name) }
        let errors = try await BotocoreModel.errors(planned.map(\.job.request))
        var accepted = 0
        for (entry, modelErrors) in zip(planned, errors) {
            if modelErrors.isEmpty {
                accepted += 1
                lines.append("\(entry.name): valid; planned \(entry.job.outputs.count) outputs; botocore accepts the CreateJob request")
            } else {
                refused[entry.name] = "botocore: \(modelErrors.joined(separator: "; ").prefix(600))"
            }
        }
        for (name, reason) in refused.sorted(by: { $0.key < $1.key }) { lines.append("\(name): refused, \(reason)") }
        print((lines.sorted() + ["corpus: \(files.count - refused.filter { $0.value.hasPrefix("validate") }.count)/\(files.count) validate, \(accepted)/\(files.count) plans accepted by botocore"]).joined(separator: "\n"))
        #expect(Set(refused.keys) == Set(Self.expectedRefusals.keys), "\(refused)")
        #expect(accepted == files.count - Self.expectedRefusals.count)
    }

    static let settingsMembers = [
        "FILE_GROUP_SETTINGS": "FileGroupSettings", "HLS_GROUP_SETTINGS": "HlsGroupSettings", "DASH_ISO_GROUP_SETTINGS": "DashIsoGroupSettings",
        "CMAF_GROUP_SETTINGS": "CmafGroupSettings", "MS_SMOOTH_GROUP_SETTINGS": "MsSmoothGroupSettings",
    ]

    /// What the job fills and botocore's model does not require: the input, every group's
    /// destination (in the delivery folder), no job template member, no placeholder left.
    static func checkFilled(_ job: PlannedJob, name: String) {
        let settings = job.request["Settings"]
        #expect(settings?["Inputs"]?.elements?.first?["FileInput"] == .string("s3://watch/inputs/show/\(name.prefix(2)).mp4"), "\(name)")
        for (index, group) in (settings?["OutputGroups"]?.elements ?? []).enumerated() {
            let type = group["OutputGroupSettings"]?["Type"]?.stringValue ?? ""
            let destination = settingsMembers[type].flatMap { group["OutputGroupSettings"]?[$0]?["Destination"]?.stringValue }
            #expect(destination?.hasPrefix("s3://delivery/audiovideo/show/") == true, "\(name): OutputGroups[\(index)] \(type): \(destination ?? "no Destination")")
        }
        #expect(job.request.members?.contains { JobTemplate.templateOnlyMembers.contains($0.key) } == false, "\(name)")
        #expect(!JSONWriter.write(job.request).contains("{{"), "\(name)")
    }
}

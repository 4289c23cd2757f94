import Foundation
import MediaWorkerJobs
import Testing

/// `{{CAPTIONS_URL}}`: the caption file uploaded beside the upload, as a caption selector's
/// source; without one, the selector and the captions that use it are left out, saying so.
@Suite("Planning: the captions beside the upload")
struct CaptionsBesidePlanningTests {
    static func shorts() throws -> JobTemplate {
        try JobTemplate.load(path: Fixtures.repositoryRoot.appendingPathComponent("job-templates/shorts.json").path)
    }

    static func plan(_ template: JobTemplate, captions: String?) async throws -> PlannedJob {
        let metadata = try await PlanningSources.shared.metadata("720p")
        var source = PlannerTests.source("720p")
        source.captionsURL = captions
        return try JobPlanner(submission: PlannerTests.submission).plan(
            template: template, metadata: metadata, source: source, destination: JobDestination(bucket: "delivery", prefix: "shorts/show/", baseName: "720p"))
    }

    @Test("with captions beside: the selector reads them and the BURN_IN stays; the request passes botocore's model")
    func withCaptions() async throws {
        let job = try await Self.plan(try Self.shorts(), captions: "s3://watch/inputs/show/720p.srt")
        let selector = job.request["Settings"]?["Inputs"]?.elements?.first?["CaptionSelectors"]?["Captions Selector 1"]
        #expect(selector?["SourceSettings"]?["FileSourceSettings"]?["SourceFile"]?.stringValue == "s3://watch/inputs/show/720p.srt")
        let output = job.request["Settings"]?["OutputGroups"]?.elements?.first?["Outputs"]?.elements?.first
        #expect(output?["CaptionDescriptions"]?.elements?.first?["DestinationSettings"]?["DestinationType"]?.stringValue == "BURN_IN")
        #expect(job.dropped.isEmpty, "\(job.dropped)")
        #expect(try await BotocoreModel.errors([job.request]) == [[]])
    }

    @Test("without: the selector and its BURN_IN are left out, noted in dropped; the request still passes botocore's model")
    func withoutCaptions() async throws {
        let job = try await Self.plan(try Self.shorts(), captions: nil)
        #expect(job.request["Settings"]?["Inputs"]?.elements?.first?["CaptionSelectors"] == nil)
        let output = job.request["Settings"]?["OutputGroups"]?.elements?.first?["Outputs"]?.elements?.first
        #expect(output?["CaptionDescriptions"] == nil)
        #expect(job.dropped.contains { $0.contains("Captions Selector 1") && $0.contains("{{CAPTIONS_URL}}") }, "\(job.dropped)")
        #expect(!job.wireBody.contains("{{"), "no placeholder is sent")
        #expect(try await BotocoreModel.errors([job.request]) == [[]])
    }
}

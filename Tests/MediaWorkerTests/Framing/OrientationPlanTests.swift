import Foundation
import MediaWorkerJSON
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import Testing

@Suite("Orientation: a framed output is made as the template writes it; only open rungs follow the source")
struct OrientationPlanTests {
    static func vertical(_ extra: String = "") throws -> JobTemplate {
        let text = """
            {"OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_vertical", "ContainerSettings": {"Container": "MP4"},
                "VideoDescription": {"Width": 1080, "Height": 1920\(extra), "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 5000000}}}}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "vertical.json")
    }

    static func plan(_ template: JobTemplate, source: String) async throws -> PlannedJob {
        let metadata = try await PlanningSources.shared.metadata(source)
        let job = JobSource(bucket: "watch", key: "inputs/show/\(source).mp4", etag: "\"e\"")
        return try JobPlanner(submission: PlannerTests.submission).plan(
            template: template, metadata: metadata, source: job, destination: DeliveryLayout(key: job.key).jobDestination(bucket: "delivery"))
    }

    @Test("1080×1920 cropped from a landscape source: 1080×1920 in the plan and in the CreateJob body", arguments: [
        "", #", "ScalingBehavior": "FILL""#, #", "Crop": {"X": 656, "Y": 0, "Width": 608, "Height": 1080}"#,
    ])
    func vertical(extra: String) async throws {
        let template = try Self.vertical(extra)
        let job = try await Self.plan(template, source: "1080p")
        #expect(job.outputs.map { "\($0.width ?? 0)x\($0.height ?? 0)" } == ["1080x1920"])
        #expect(job.outputs.first?.frame != nil)
        let video = job.request["Settings"]?["OutputGroups"]?.elements?.first?["Outputs"]?.elements?.first?["VideoDescription"]
        #expect(video?["Width"]?.intValue == 1080 && video?["Height"]?.intValue == 1920)
        #expect(job.notes.isEmpty)
        #expect(!template.localWarnings.contains { $0.path.contains("ScalingBehavior") || $0.path.contains("Crop") })
    }

    @Test("the shipped ladder's landscape rungs follow a portrait source, and the plan says so")
    func openRungs() async throws {
        let job = try await Self.plan(try TemplateTests.shipped("job.json"), source: "portrait")
        #expect(job.outputs.first.map { "\($0.width ?? 0)x\($0.height ?? 0)" } == "1080x1920")
        #expect(job.outputs.allSatisfy { $0.frame == nil })
        #expect(job.notes.count == 4)
        #expect(job.notes.first?.contains("1920×1080 made 1080×1920") == true, "\(job.notes)")
        let landscape = try await Self.plan(try TemplateTests.shipped("job.json"), source: "1080p")
        #expect(landscape.notes.isEmpty)
    }

    @Test("run locally: the vertical FILL crop of a 640×360 source is 180×320, its centre, and the default pads it")
    func local() async throws {
        let text = """
            {"OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_vertical", "ContainerSettings": {"Container": "MP4"},
                "VideoDescription": {"Width": 180, "Height": 320, "ScalingBehavior": "FILL", "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 2000000}}}}]}]}
            """
        let path = try await LocalTemplateTests.run(try JobTemplate.parse(Array(text.utf8), name: "vertical.json"))
        let video = try #require(try await FFmpegTools.streams(path).first { $0["codec_type"] as? String == "video" })
        #expect(video["width"] as? Int == 180 && video["height"] as? Int == 320)
        let source = try await MediaCorpus.shared.path("three_seconds.mp4")
        let reference = try TestTools.temporaryDirectory("mw-vertical").appendingPathComponent("reference.nut").path
        // FILL: 640×360 covers 180×320 at 569×320 (even: 568), the centre 180 columns kept.
        try await FFmpegTools.run(["-i", source, "-vf", "scale=568:320:flags=bicubic,crop=180:320:194:0,format=yuv420p", "-c:v", "ffv1", "-an", reference])
        let psnr = try await FFmpegTools.psnr(path, reference: reference, width: 180, height: 320)
        #expect(psnr >= 35, "\(psnr) dB")
    }
}

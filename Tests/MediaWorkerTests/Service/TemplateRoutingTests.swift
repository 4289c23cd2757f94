import Foundation
import Logging
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService
import Testing

/// Per-upload templates: `TEMPLATE_ROUTES` rules by key prefix or suffix, the
/// `x-amz-meta-media-worker-template` override, and the default.
@Suite("Template routing per upload")
struct TemplateRoutingTests {
    @Test("TEMPLATE_ROUTES: prefixes, *.suffixes, folders dropped from template names, malformed entries named")
    func parse() {
        let (rules, problems) = TemplateRule.parse("inputs/shorts/=job-templates/shorts.json, *.mov=mov\n  *=all.json, in*puts/=x.json, nothing")
        #expect(rules == [TemplateRule(.prefix("inputs/shorts/"), template: "shorts.json"), TemplateRule(.suffix(".mov"), template: "mov.json")])
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.contains { $0.contains("'nothing'") && $0.contains("PATTERN=TEMPLATE") })
        #expect(problems.contains { $0.contains("JOB_TEMPLATE") })
    }

    @Test("the metadata override wins, then the first matching rule, else the default")
    func choose() {
        let routing = TemplateRouting(rules: [
            TemplateRule(.prefix("inputs/shorts/"), template: "shorts.json"), TemplateRule(.suffix(".mov"), template: "mov.json"),
            TemplateRule(.prefix("inputs/"), template: "all.json"),
        ])
        #expect(routing.choose(key: "inputs/shorts/ep.mov", metadata: [:])?.template == "shorts.json")
        #expect(routing.choose(key: "inputs/show/ep.mov", metadata: [:])?.template == "mov.json")
        #expect(routing.choose(key: "inputs/show/ep.mp4", metadata: [:])?.template == "all.json")
        #expect(routing.choose(key: "other/ep.mp4", metadata: [:]) == nil)
        let asked = routing.choose(key: "inputs/shorts/ep.mov", metadata: ["media-worker-template": "hevc"])
        #expect(asked == TemplateChoice(template: "hevc.json", reason: "x-amz-meta-media-worker-template: hevc"))
        var closed = routing
        closed.metadataOverride = false
        #expect(closed.choose(key: "inputs/shorts/ep.mov", metadata: ["media-worker-template": "hevc"])?.template == "shorts.json")
    }

    @Test("configuration: routes need a templates folder, and a route naming a missing template stops the worker")
    func configuration() throws {
        let folder = try TestTools.temporaryDirectory("mw-routes").path
        try Self.template("_a").write(toFile: folder + "/a.json", atomically: true, encoding: .utf8)
        let base = ["QUEUE_URL": "http://127.0.0.1:1/q", "DESTINATION_BUCKET": "delivery"]
        #expect(throws: WorkerConfigurationError.self) { try WorkerConfiguration.fromEnvironment(base.merging(["TEMPLATE_ROUTES": "inputs/a/=a.json"]) { $1 }) }
        let outside = #expect(throws: WorkerConfigurationError.self) {
            try WorkerConfiguration.fromEnvironment(base.merging(["TEMPLATE_DIRECTORY": folder, "JOB_TEMPLATE": "job-templates/job.json"]) { $1 })
        }
        #expect(outside?.description.contains("outside TEMPLATE_DIRECTORY") == true)
        let good = try WorkerConfiguration.fromEnvironment(base.merging(["TEMPLATE_ROUTES": "inputs/a/=a.json, *.mov=b.json", "TEMPLATE_DIRECTORY": folder]) { $1 })
        #expect(good.templateRouting.rules.count == 2 && good.templateDirectory == folder)
    }

    @Test("TEMPLATE_BUCKET_URI: s3://BUCKET/PREFIX/ (a trailing slash added), a JOB_TEMPLATE that only the bucket has yet, malformed URIs named")
    func bucket() throws {
        #expect(TemplateBucketSync.parse("s3://config/job-templates") == S3Location(bucket: "config", key: "job-templates/"))
        #expect(TemplateBucketSync.parse("s3://config") == S3Location(bucket: "config", key: ""))
        #expect(TemplateBucketSync.parse("https://config/x") == nil && TemplateBucketSync.parse("s3:///x") == nil)
        let folder = try TestTools.temporaryDirectory("mw-bucket-templates").path
        let base = ["QUEUE_URL": "http://127.0.0.1:1/q", "DESTINATION_BUCKET": "delivery", "JOB_TEMPLATE": folder + "/not-yet.json"]
        #expect(throws: WorkerConfigurationError.self) { try WorkerConfiguration.fromEnvironment(base) }
        let good = try WorkerConfiguration.fromEnvironment(base.merging(["TEMPLATE_BUCKET_URI": "s3://config/job-templates/"]) { $1 })
        #expect(good.templateBucket == S3Location(bucket: "config", key: "job-templates/") && good.templateDirectory == folder)
        let bad = #expect(throws: WorkerConfigurationError.self) { try WorkerConfiguration.fromEnvironment(base.merging(["TEMPLATE_BUCKET_URI": "config/job-templates"]) { $1 }) }
        #expect(bad?.description.contains("s3://BUCKET/PREFIX/") == true, "\(String(describing: bad))")
    }

    static func template(_ modifier: String) -> String {
        #"{"OutputGroups": [{"Name": "File Group", "OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {}}, "Outputs": [{"NameModifier": "\#(modifier)", "ContainerSettings": {"Container": "MP4"}, "VideoDescription": {"Width": 320, "Height": 180, "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "QVBR", "MaxBitrate": 500000, "QvbrSettings": {"QvbrQualityLevel": 5}}}}, "AudioDescriptions": [{"AudioSourceName": "Audio Selector 1", "CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 64000, "CodingMode": "CODING_MODE_2_0", "SampleRate": 48000}}}]}]}]}"#
    }

    @Test("uploads get the default, the routed or the asked-for template; one asking for a missing template fails as invalid_template")
    func worker() async throws {
        let folder = try TestTools.temporaryDirectory("mw-routes-worker").path
        try Self.template("_default").write(toFile: folder + "/job.json", atomically: true, encoding: .utf8)
        try Self.template("_routed").write(toFile: folder + "/routed.json", atomically: true, encoding: .utf8)
        try Self.template("_asked").write(toFile: folder + "/asked.json", atomically: true, encoding: .utf8)
        let worker = try InProcessWorker(templates: folder, workerID: "routes", routes: [TemplateRule(.prefix("inputs/shorts/"), template: "routed.json")])
        let source = FakeMessageSource(maxAttempts: 1, returnsEmpty: true)
        let clip = Array(try Data(contentsOf: URL(fileURLWithPath: try await MediaCorpus.shared.path("three_seconds.mp4"))))
        let uploads: [(String, [String: String])] = [
            ("inputs/plain.mp4", [:]), ("inputs/shorts/ep.mp4", [:]), ("inputs/shorts/asked.mp4", ["media-worker-template": "asked"]),
            ("inputs/missing.mp4", ["media-worker-template": "nope.json"]),
        ]
        for (index, (key, metadata)) in uploads.enumerated() {
            worker.upload(key, bytes: clip, metadata: metadata, to: source, id: "m\(index)")
        }
        try await worker.drain(source)
        let store = worker.store
        let keys = store.keys("delivery")
        #expect(keys.contains("audiovideo/plain_default.mp4"), "\(keys)")
        #expect(keys.contains("audiovideo/shorts/ep_routed.mp4"))
        #expect(keys.contains("audiovideo/shorts/asked_asked.mp4"))
        #expect(!keys.contains { $0.hasPrefix("audiovideo/missing") })
        let failed = try DeliveryReport.decode(Data(try #require(store.bytes("delivery", "json/missing.json"))))
        #expect(failed.status == .failed)
        #expect(failed.error?.code == .invalidTemplate, "\(String(describing: failed.error))")
        #expect(failed.error?.message.contains("nope.json") == true)
        let routed = try DeliveryReport.decode(Data(try #require(store.bytes("delivery", "json/shorts/ep.json"))))
        #expect(routed.job?.template == "routed.json")
    }
}

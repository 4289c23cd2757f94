import Foundation
import MediaWorkerJSON
import MediaWorkerJobs
import MediaWorkerMedia
import Testing

/// How the planner completes what MediaConvert lets a template leave out (issue 17).
@Suite("Planning relaxed templates: job template members, destinations, inputs, automated ABR, captions-only outputs")
struct TemplateRelaxationPlanTests {
    typealias T = InlineTemplates

    /// A job template (template-only members, CreateJob members, no Inputs, no Destination, no SegmentLength).
    static let jobTemplate = #"{"Name": "vod", "Description": "ladder", "Category": "vod", "Type": "CUSTOM","#
        + #" "Queue": "arn:aws:mediaconvert:us-east-1:111122223333:queues/Default", "Priority": 5, "StatusUpdateInterval": "SECONDS_60","#
        + #" "AccelerationSettings": {"Mode": "PREFERRED"}, "HopDestinations": [{"Queue": "arn:aws:mediaconvert:us-east-1:111122223333:queues/Other", "WaitMinutes": 15}],"#
        + #" "Tags": {"team": "video"}, "Settings": "#
        + T.settings([
            T.group("FILE_GROUP_SETTINGS", "{}", outputs: [T.output("_720p", video: T.video(T.qvbr), audio: true)]),
            T.group("HLS_GROUP_SETTINGS", "{}", outputs: [T.output("_hls360", container: "M3U8", video: T.video(T.qvbr, width: 640, height: 360), audio: true)]),
            T.group("DASH_ISO_GROUP_SETTINGS", nil, outputs: [T.output("_dash", container: "MPD", video: T.video(T.qvbr))]),
        ], inputs: false) + "}"

    static let automated = T.settings([T.group(
        "HLS_GROUP_SETTINGS", #"{"Destination": "{{DESTINATION}}abr/"}"#, extra: #""AutomatedEncodingSettings": {"AbrSettings": {"MaxAbrBitrate": 5000000}}"#,
        outputs: [T.output("_abr", container: "M3U8", video: T.video(T.automatedQVBR, width: nil, height: nil)), T.output("_audio", container: "M3U8", audio: true)])])

    static let captions = T.settings([T.group(
        "HLS_GROUP_SETTINGS", #"{"Destination": "{{DESTINATION}}", "SegmentLength": 6}"#,
        outputs: [T.output("_av", container: "M3U8", video: T.video(T.qvbr), audio: true), T.output("_vtt", container: "M3U8", captions: true)])])

    static func groups(_ job: PlannedJob) -> [JSONValue] { job.request["Settings"]?["OutputGroups"]?.elements ?? [] }

    @Test("a job template: its own members left out of CreateJob, the others kept; the input and destinations filled from the delivery layout")
    func jobTemplate() async throws {
        let job = try await T.plan(try T.parse(Self.jobTemplate))
        let request = job.request
        #expect(request.members?.map(\.key) == [
            "Role", "Settings", "Queue", "Priority", "StatusUpdateInterval", "AccelerationSettings", "HopDestinations", "Tags", "ClientRequestToken", "UserMetadata",
        ])
        #expect(request["HopDestinations"]?.elements?.first?["WaitMinutes"] == .int(15))
        #expect(request["Settings"]?["Inputs"]?.elements?.first?["FileInput"] == .string("s3://watch/inputs/show/720p.mp4"))
        let destinations = Self.groups(job).map { group -> JSONValue? in
            let settings = group["OutputGroupSettings"]
            return settings?.members?.first { $0.key != "Type" }?.value["Destination"]
        }
        #expect(destinations == Array(repeating: .string("s3://delivery/audiovideo/show/"), count: 3))
        #expect(Self.groups(job)[2]["OutputGroupSettings"]?["DashIsoGroupSettings"]?.members?.map(\.key) == ["Destination"])
        #expect(Self.groups(job)[1]["OutputGroupSettings"]?["HlsGroupSettings"]?["SegmentLength"] == nil, "MediaConvert's default applies")
        #expect(job.outputs.map(\.key) == ["audiovideo/show/720p_720p.mp4", "audiovideo/show/720p_hls360.m3u8", "audiovideo/show/720p_dash.mpd"])
        #expect(job.playlists == ["audiovideo/show/720p.m3u8"])
    }

    @Test("automated ABR: the output is sent as written (MediaConvert sizes the renditions), never dropped; planned at the source's size (the local engine's trial encodes then choose its renditions: AutomatedABRTests)", arguments: [
        ("720p", 1280, 720), ("360p", 640, 360), ("portrait", 1080, 1920),
    ])
    func automatedABR(source: String, width: Int, height: Int) async throws {
        let job = try await T.plan(try T.parse(Self.automated), source: source)
        let video = Self.groups(job).first?["Outputs"]?.elements?.first?["VideoDescription"]
        #expect(video?["Width"] == nil && video?["Height"] == nil)
        #expect(job.dropped.isEmpty, "\(job.dropped)")
        #expect(job.outputs.map(\.nameModifier) == ["_abr", "_audio"])
        #expect(job.outputs.first?.width == width && job.outputs.first?.height == height)
        #expect(job.outputs.first?.key == "audiovideo/show/abr/\(source)_abr.m3u8")
    }

    @Test("a captions-only output goes with the group's others, for every kind of source", arguments: [
        ("720p", ["_av", "_vtt"]), ("audio", ["_av", "_vtt"]), ("silent", ["_av", "_vtt"]),
    ])
    func captionsOnly(source: String, expected: [String]) async throws {
        let job = try await T.plan(try T.parse(Self.captions), source: source)
        #expect(job.outputs.map(\.nameModifier) == expected)
        #expect(job.outputs.map(\.captionsOnly) == [false, true])
        #expect(job.outputs.last?.key == "audiovideo/show/\(source)_vtt.m3u8")
        let vtt = Self.groups(job).first?["Outputs"]?.elements?.last
        #expect(vtt?["CaptionDescriptions"]?.elements?.count == 1)
    }

    @Test("captions alone are not a group: with nothing else for the source, the captions output is left out too")
    func captionsNotAlone() async throws {
        let text = T.settings([
            T.group("FILE_GROUP_SETTINGS", #"{"Destination": "{{DESTINATION}}"}"#, outputs: [T.output("_720p", video: T.video(T.qvbr), audio: true)]),
            T.group("HLS_GROUP_SETTINGS", #"{"Destination": "{{DESTINATION}}"}"#, outputs: [
                T.output("_video", container: "M3U8", video: T.video(T.qvbr)), T.output("_vtt", container: "M3U8", captions: true),
            ]),
        ])
        let job = try await T.plan(try T.parse(text), source: "audio")
        #expect(job.outputs.map(\.nameModifier) == ["_720p"])
        #expect(Self.groups(job).count == 1)
        #expect(job.dropped.contains("_vtt: nothing else of the group applies to the source"), "\(job.dropped)")
    }

    @Test("every relaxed template plans to a CreateJob request botocore's model accepts, its wire body botocore's serialization")
    func botocoreModel() async throws {
        var requests: [JSONValue] = []
        for text in [Self.jobTemplate, Self.automated, Self.captions, TemplateCamelCaseTests.camel] {
            for source in ["720p", "audio"] {
                requests.append(try await T.plan(try T.parse(text), source: source).request)
            }
        }
        let errors = try await BotocoreModel.errors(requests)
        #expect(errors.count == 8)
        for (index, list) in errors.enumerated() { #expect(list.isEmpty, "request \(index): \(list)") }
    }

    @Test("the captions-only WebVTT output is the packager's (no warning: the worker fetches its S3 sidecar); the engine alone, without the sidecar, leaves it out")
    func localCaptions() async throws {
        let template = try T.parse(Self.captions)
        #expect(!template.localWarnings.contains { $0.path.hasPrefix("OutputGroups[0].Outputs[1].CaptionDescriptions[0]") }, "\(template.localWarnings)")
        let file = try await MediaCorpus.shared.path("three_seconds.mp4")
        let root = try TestTools.temporaryDirectory("mw-captions-only").path
        let outputs = try await blocking { () throws -> [LocalJobOutput] in
            let job = try JobPlanner(submission: JobSubmission(role: "local")).plan(
                template: template, metadata: try MediaProber().probe(.file(file)), source: JobSource(bucket: "local", key: "inputs/three.mp4", etag: ""),
                destination: JobDestination(bucket: "local", prefix: "audiovideo/", baseName: "three"))
            return try LocalJobExecutor(ladder: LadderOptions(preset: "ultrafast")).execute(job, template: template, file: file, outputRoot: root).outputs
        }
        #expect(outputs.map(\.path) == ["audiovideo/three.m3u8", "audiovideo/three_av.m3u8"])
    }
}

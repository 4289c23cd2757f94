import Foundation
import MediaWorkerJSON
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import Testing

/// Small sources of every shape, made once with Debian's ffmpeg.
actor PlanningSources {
    static let shared = PlanningSources()
    private var directory: URL?
    /// One making task per source, kept from its start: the actor is reentrant across the
    /// ffmpeg await, and two tests asking for the same source (directly, or "rotated" for
    /// "1080p") must not run two ffmpeg writing one file while a third reads it.
    private var making: [String: Task<MediaMetadata, any Error>] = [:]

    /// name → ffmpeg arguments (inputs and options; the output path is appended).
    static let recipes: [String: [String]] = [
        "2160p": video(3840, 2160), "1080p": video(1920, 1080), "720p": video(1280, 720), "480p": video(854, 480),
        "360p": video(640, 360), "240p": video(426, 240), "portrait": video(1080, 1920),
        // A display matrix is only written when copying (Debian's ffmpeg drops it when encoding).
        "rotated": ["-i", "{1080p}", "-c", "copy", "-metadata:s:v:0", "rotate=90"],
        "silent": ["-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=0.2", "-c:v", "libx264", "-preset", "ultrafast"],
        "audio": ["-f", "lavfi", "-i", "sine=d=0.5", "-c:a", "aac"],
    ]

    static func video(_ width: Int, _ height: Int) -> [String] {
        ["-f", "lavfi", "-i", "testsrc2=s=\(width)x\(height):r=25:d=0.08", "-f", "lavfi", "-i", "sine=d=0.08",
         "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest"]
    }

    func metadata(_ name: String) async throws -> MediaMetadata {
        if let task = making[name] { return try await task.value }
        let folder = try directory ?? TestTools.temporaryDirectory("mw-plan-sources")
        directory = folder
        let task = Task { try await self.make(name, in: folder) }
        making[name] = task
        return try await task.value
    }

    private func make(_ name: String, in folder: URL) async throws -> MediaMetadata {
        let path = folder.appendingPathComponent("\(name).\(name == "audio" ? "m4a" : "mp4")").path
        var arguments = try #require(Self.recipes[name])
        if let index = arguments.firstIndex(of: "{1080p}") {
            _ = try await metadata("1080p")
            arguments[index] = folder.appendingPathComponent("1080p.mp4").path
        }
        try await FFmpegTools.run(arguments + [path])
        return try await blocking { try MediaProber().probe(.file(path)) }
    }
}

@Suite("Planning: templates + probe → CreateJob requests valid for MediaConvert's model")
struct PlannerTests {
    static let submission = JobSubmission(role: "arn:aws:iam::111122223333:role/MediaConvertRole", application: "media-worker test")
    static func source(_ name: String, etag: String = "9b2cf535f27731c974343645a3985328") -> JobSource {
        JobSource(bucket: "watch", key: "inputs/show/\(name).mp4", etag: "\"\(etag)\"", versionID: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")
    }

    static func plan(_ name: String, template: String = "job.json") async throws -> PlannedJob {
        let metadata = try await PlanningSources.shared.metadata(name)
        let source = source(name)
        return try JobPlanner(submission: submission).plan(
            template: try TemplateTests.shipped(template), metadata: metadata, source: source,
            destination: DeliveryLayout(key: source.key).jobDestination(bucket: "delivery"))
    }

    static func sizes(_ job: PlannedJob) -> [String] {
        job.outputs.map { output in output.width.map { "\(output.nameModifier)=\($0)x\(output.height!)" } ?? "\(output.nameModifier)=audio" }
    }

    @Test("outputs above the source are dropped, sizes follow the source's shape", arguments: [
        ("2160p", ["_1080p=1920x1080", "_720p=1280x720", "_480p=854x480", "_360p=640x360"]),
        ("1080p", ["_1080p=1920x1080", "_720p=1280x720", "_480p=854x480", "_360p=640x360"]),
        ("720p", ["_720p=1280x720", "_480p=854x480", "_360p=640x360"]),
        ("480p", ["_480p=854x480", "_360p=640x360"]),
        ("360p", ["_360p=640x360"]),
        ("240p", ["_360p=426x240"]),
        ("portrait", ["_1080p=1080x1920", "_720p=720x1280", "_480p=480x854", "_360p=360x640"]),
        ("rotated", ["_1080p=1080x1920", "_720p=720x1280", "_480p=480x854", "_360p=360x640"]),
        ("audio", ["_1080p=audio"]),
    ])
    func ladder(source: String, expected: [String]) async throws {
        let job = try await Self.plan(source)
        #expect(Self.sizes(job) == expected)
        let outputs = try #require(job.request["Settings"]?["OutputGroups"]?.elements?.first?["Outputs"]?.elements)
        #expect(outputs.count == expected.count)
        for (output, planned) in zip(outputs, job.outputs) {
            #expect(output["VideoDescription"]?["Width"]?.intValue == planned.width)
            #expect(output["VideoDescription"]?["Height"]?.intValue == planned.height)
        }
        #expect(job.dropped.count == 4 - expected.count)
        #expect(job.outputs.allSatisfy { $0.key.hasPrefix("audiovideo/show/\(source)_") && $0.key.hasSuffix(".mp4") })
    }

    @Test("placeholders, UserMetadata and an idempotent ClientRequestToken")
    func runtimeValues() async throws {
        let job = try await Self.plan("720p")
        let settings = try #require(job.request["Settings"])
        #expect(settings["Inputs"]?.elements?.first?["FileInput"] == .string("s3://watch/inputs/show/720p.mp4"))
        #expect(settings["OutputGroups"]?.elements?.first?["OutputGroupSettings"]?["FileGroupSettings"]?["Destination"] == .string("s3://delivery/audiovideo/show/"))
        #expect(!JSONWriter.write(job.request).contains("{{"))
        let metadata = try #require(job.request["UserMetadata"])
        #expect(metadata["source_bucket"] == .string("watch"))
        #expect(metadata["source_key"] == .string("inputs/show/720p.mp4"))
        #expect(metadata["source_etag"] == .string("9b2cf535f27731c974343645a3985328"))
        #expect(metadata["source_version_id"] == .string("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"))
        #expect(metadata["application"] == .string("media-worker test"))
        #expect(job.request["Role"] == .string(Self.submission.role))
        #expect(job.request["ClientRequestToken"] == .string(job.clientRequestToken))
        #expect(job.clientRequestToken == JobPlanner.clientRequestToken(for: Self.source("720p")))
        #expect(job.clientRequestToken != JobPlanner.clientRequestToken(for: Self.source("720p", etag: "0000")))
        #expect(job.clientRequestToken != JobPlanner.clientRequestToken(for: JobSource(bucket: "other", key: "inputs/show/720p.mp4", etag: "9b2cf535f27731c974343645a3985328")))
    }

    @Test("HLS and audio-only templates; a source without audio loses its audio descriptions")
    func otherTemplates() async throws {
        let hls = try await Self.plan("720p", template: "hls.json")
        #expect(hls.outputs.map(\.key) == ["audiovideo/show/720p_720p.m3u8", "audiovideo/show/720p_480p.m3u8", "audiovideo/show/720p_360p.m3u8"])
        #expect(hls.playlists == ["audiovideo/show/720p.m3u8"])
        let audio = try await Self.plan("1080p", template: "audio-only.json")
        #expect(audio.outputs.map(\.key) == ["audiovideo/show/1080p_audio.m4a"])
        let silent = try await Self.plan("silent")
        #expect(silent.outputs.count == 3)
        #expect(silent.request["Settings"]?["OutputGroups"]?.elements?[0]["Outputs"]?.elements?.allSatisfy { $0["AudioDescriptions"] == nil } == true)
        await #expect(throws: PlanningError.self) { try await Self.plan("silent", template: "audio-only.json") }
    }

    @Test("every planned request validates against botocore's MediaConvert model, and the wire body matches botocore's serialization")
    func botocoreModel() async throws {
        var entries: [String] = []
        for name in PlanningSources.recipes.keys.sorted() {
            for template in ["job.json", "hls.json", "audio-only.json"] {
                guard let job = try? await Self.plan(name, template: template) else { continue }
                entries.append(#"{"sdk":\#(JSONWriter.write(job.request)),"wire":\#(JSONWriter.write(.string(job.wireBody)))}"#)
            }
        }
        #expect(entries.count == 29)
        // Deployment settings from the environment: queue, priority, acceleration, status interval.
        let submission = try JobSubmission.fromEnvironment([
            "MEDIACONVERT_ROLE_ARN": "arn:aws:iam::111122223333:role/MediaConvertRole", "MEDIACONVERT_QUEUE": "arn:aws:mediaconvert:us-west-2:111122223333:queues/Fast",
            "MEDIACONVERT_PRIORITY": "-10", "MEDIACONVERT_ACCELERATION": "PREFERRED", "MEDIACONVERT_STATUS_UPDATE_INTERVAL": "SECONDS_30",
        ])
        let source = Self.source("1080p")
        let tuned = try JobPlanner(submission: submission).plan(
            template: try TemplateTests.shipped("job.json"), metadata: try await PlanningSources.shared.metadata("1080p"), source: source,
            destination: DeliveryLayout(key: source.key).jobDestination(bucket: "delivery"))
        #expect(tuned.request["Priority"] == .int(-10))
        #expect(tuned.request["AccelerationSettings"]?["Mode"] == .string("PREFERRED"))
        #expect(tuned.request["StatusUpdateInterval"] == .string("SECONDS_30"))
        #expect(tuned.request["Queue"] == .string("arn:aws:mediaconvert:us-west-2:111122223333:queues/Fast"))
        entries.append(#"{"sdk":\#(JSONWriter.write(tuned.request)),"wire":\#(JSONWriter.write(.string(tuned.wireBody)))}"#)
        #expect(throws: JobSubmissionError.self) { try JobSubmission.fromEnvironment(["MEDIACONVERT_ROLE_ARN": "arn:x", "MEDIACONVERT_PRIORITY": "51"]) }
        #expect(throws: JobSubmissionError.self) { try JobSubmission.fromEnvironment(["MEDIACONVERT_ROLE_ARN": "arn:x", "MEDIACONVERT_ACCELERATION": "FAST"]) }
        #expect(throws: JobSubmissionError.self) { try JobSubmission.fromEnvironment([:]) }
        // A request with a value outside the model must fail there too (the check can fail).
        let bad = try await Self.plan("720p")
        var broken = bad.request
        broken["Settings"]?["OutputGroups"] = .array([])
        broken["Priority"] = .int(51)
        entries.append(#"{"sdk":\#(JSONWriter.write(broken)),"wire":"{}"}"#)
        let input = Data(("[" + entries.joined(separator: ",") + "]").utf8)
        let result = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("mediaconvert_validate.py")], input: input)
        try #require(result.status == 0, "\(result.stderr)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: [String]]])
        #expect(results.count == entries.count)
        for (index, entry) in results.dropLast().enumerated() {
            #expect(entry["errors"] == [], "request \(index): \(entry["errors"] ?? [])")
        }
        #expect(results.last?["errors"]?.contains { $0.contains("Priority") && $0.contains("above the maximum 50") } == true, "\(results.last ?? [:])")
    }

    @Test("media-worker plan prints the wire body; the ETag is the file's MD5; errors are one line")
    func planCommand() async throws {
        let input = try await MediaCorpus.shared.path("three_seconds.mp4")
        let binary = try TestTools.mediaWorker()
        let template = Fixtures.repositoryRoot.appendingPathComponent("job-templates/job.json").path
        var environment = ProcessInfo.processInfo.environment
        environment["DELIVERY_BUCKET"] = "delivery"
        environment["MEDIACONVERT_ROLE_ARN"] = "arn:aws:iam::111122223333:role/MediaConvertRole"
        let result = try await ProcessRunner.run(binary, ["plan", input, "--template", template, "--key", "inputs/show/three.mp4"], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(body["role"] as? String == "arn:aws:iam::111122223333:role/MediaConvertRole")
        let metadata = try #require(body["userMetadata"] as? [String: String])
        let md5 = try await ProcessRunner.run("/usr/bin/md5sum", [input])
        #expect(metadata["source_etag"] == String(md5.stdout.prefix(32)))
        #expect(metadata["source_key"] == "inputs/show/three.mp4")
        #expect((body["clientRequestToken"] as? String)?.hasPrefix("mw-") == true)
        let groups = try #require((body["settings"] as? [String: Any])?["outputGroups"] as? [[String: Any]])
        #expect((groups.first?["outputs"] as? [[String: Any]])?.compactMap { $0["nameModifier"] as? String } == ["_360p"])
        #expect(result.stderr.contains("POST ") && result.stderr.contains("/2017-08-29/jobs"))
        #expect(result.stderr.contains("left out _1080p: 1080 lines is above the source's 360"))
        environment["MEDIACONVERT_ACCELERATION"] = "FAST"
        let bad = try await ProcessRunner.run(binary, ["plan", input, "--template", template], environment: environment)
        #expect(bad.status == 2, "a setting's problem is a command-line error")
        #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
        #expect(bad.stderr.contains("MEDIACONVERT_ACCELERATION=FAST: use one of DISABLED, ENABLED, PREFERRED"), "\(bad.stderr)")
    }
}

import Foundation
import MediaWorkerPipeline
import Testing

/// Shorts on the MediaConvert backend, in a running worker: the worker analyses the upload
/// itself, keeps the analysis, submits one job per short (one input per shot, each clipped and
/// cropped) that botocore's model accepts, and completes the record once every short's job
/// has ended.
@Suite("Shorts on MediaConvert", .serialized)
struct MediaConvertShortsTests {
    @Test("one CreateJob per short with one clipped, cropped input per shot; SUBMITTED until every short's job completes")
    func shortsJobs() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let stack = try await WorkerStack.make(endpoint: moto.endpoint, credentials: moto.credentials)
        let stub = try await blocking { try MediaConvertStub.start(credentials: moto.credentials, region: "us-east-1") }
        defer { stub.server.stop() }
        let templates = try TemplateReloadTests.copyTemplates()
        // The shipped shorts.json (watermark, loudness, BURN_IN of the captions beside the upload), for a 30 s programme.
        let shipped = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("job-templates/shorts.json"))
        var template = try #require(try JSONSerialization.jsonObject(with: shipped) as? [String: Any])
        var parameters = try #require(template["MediaWorkerShorts"] as? [String: Any])
        parameters.merge(["Count": 2, "MinDuration": 5, "MaxDuration": 12, "PreferredDuration": 8]) { $1 }
        template["MediaWorkerShorts"] = parameters
        try JSONSerialization.data(withJSONObject: template).write(to: templates.appendingPathComponent("shorts.json"))
        let folder = try TestTools.temporaryDirectory("mw-mc-shorts").path
        let video = folder + "/episode.mp4"
        try await ShortsProgramme.make(video)
        let captions = folder + "/episode.srt"
        try "1\n00:00:01,000 --> 00:00:04,000\nThe first sentence.\n\n2\n00:00:21,000 --> 00:00:25,000\nThe loud part begins.\n\n".write(toFile: captions, atomically: true, encoding: .utf8)
        // The captions first, so that they are beside the video when its event is handled.
        try await stack.upload(captions, key: "inputs/shorts/episode.srt")
        try await stack.upload(video, key: "inputs/shorts/episode.mp4")
        let worker = try await stack.start([
            "BACKEND": "mediaconvert", "JOB_TEMPLATE": templates.appendingPathComponent("job.json").path, "TEMPLATE_DIRECTORY": templates.path,
            "TEMPLATE_ROUTES": "inputs/shorts/=shorts.json",
            "MEDIACONVERT_ROLE_ARN": "arn:aws:iam::123456789012:role/MediaConvertRole", "MEDIACONVERT_ENDPOINT": stub.server.endpoint,
            "MEDIACONVERT_POLL": "true", "MEDIACONVERT_POLL_SECONDS": "1", "WORKER_ID": "mc-shorts",
        ], name: "worker-mc-shorts")
        defer { worker.server.stop() }

        let submitted = try #require(
            try await WorkerMediaConvertTests.waitForStatus(stack, "json/shorts/episode.json", .submitted, seconds: 1800), "\(worker.log.suffix(3000))")
        let shorts = try #require(submitted.shorts)
        #expect(shorts.count == 2, "\(shorts)")
        #expect(submitted.job?.backend == "mediaconvert" && submitted.job?.template == "shorts.json")
        let keys = try await stack.keys()
        for name in ["signals.json", "shots.json", "candidates.json", "camera.json"] {
            #expect(keys.contains("analysis/shorts/episode/\(name)"), "\(keys)")
        }
        #expect(submitted.outputs.filter { $0.role == .analysis }.count == 4)

        // The stub checked each body against botocore's model (a 400 otherwise).
        let creates = try await stub.requests().filter { $0["operation"] as? String == "CreateJob" }
        #expect(creates.count == 2, "\(creates.count) CreateJob requests")
        var tokens = Set<String>()
        for create in creates {
            let body = try #require(create["body"] as? [String: Any])
            tokens.insert(try #require(body["clientRequestToken"] as? String))
            let settings = try #require(body["settings"] as? [String: Any])
            let inputs = try #require(settings["inputs"] as? [[String: Any]])
            let rank = Int(try #require((body["userMetadata"] as? [String: String])?["short"])) ?? 0
            let short = try #require(shorts.first { $0.rank == rank })
            #expect(inputs.count == short.inputs, "short \(rank): \(inputs.count) inputs, record says \(String(describing: short.inputs))")
            for input in inputs {
                #expect(input["fileInput"] as? String == "s3://\(stack.watch)/inputs/shorts/episode.mp4")
                #expect((input["inputClippings"] as? [[String: Any]])?.count == 1)
                let selector = (input["captionSelectors"] as? [String: Any])?["Captions Selector 1"] as? [String: Any]
                let file = ((selector?["sourceSettings"] as? [String: Any])?["fileSourceSettings"] as? [String: Any])?["sourceFile"] as? String
                #expect(file == "s3://\(stack.watch)/inputs/shorts/episode.srt", "every shot's input reads the captions beside the upload: \(String(describing: selector))")
                let crop = try #require(input["crop"] as? [String: Any])
                #expect(crop["height"] as? Int == 360 && (crop["width"] as? Int ?? 0) < 360, "a 9:16 window of the 640×360 source: \(crop)")
            }
            let group = try #require((settings["outputGroups"] as? [[String: Any]])?.first)
            let destination = ((group["outputGroupSettings"] as? [String: Any])?["fileGroupSettings"] as? [String: Any])?["destination"] as? String
            #expect(destination == "s3://\(stack.delivery)/shorts/shorts/", "\(String(describing: destination))")
            let output = try #require((group["outputs"] as? [[String: Any]])?.first)
            #expect(output["nameModifier"] as? String == "_short\(rank)")
            let pictureGroup = try #require((settings["outputGroups"] as? [[String: Any]])?.last)
            let capture = ((pictureGroup["outputs"] as? [[String: Any]])?.first?["videoDescription"] as? [String: Any])?["codecSettings"] as? [String: Any]
            #expect(capture?["codec"] as? String == "FRAME_CAPTURE", "a frame capture group for the short's picture: \(pictureGroup)")
            let burnin = (output["captionDescriptions"] as? [[String: Any]])?.first?["destinationSettings"] as? [String: Any]
            #expect(burnin?["destinationType"] as? String == "BURN_IN")
            let video = try #require(output["videoDescription"] as? [String: Any])
            #expect(video["width"] as? Int == 1080 && video["height"] as? Int == 1920, "the template's vertical size, not the source's orientation")
        }
        #expect(tokens.count == 2, "each short has its own ClientRequestToken")
        #expect(try await stack.report("json/shorts/episode.json").status == .submitted, "SUBMITTED until MediaConvert's outputs exist")

        // MediaConvert writes the shorts; the poller then completes the record.
        // MediaConvert writes each short and its two frame captures.
        let picture = folder + "/picture.jpg"
        let made = try await ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-y", "-loglevel", "error", "-i", video, "-frames:v", "1", picture])
        try #require(made.status == 0, "\(made.stderr)")
        // (The pictures first: the poller completes the record as soon as every video is there.)
        for short in shorts {
            let capture = try #require(short.capture)
            _ = try await stack.boto(["put", stack.delivery, capture.replacingOccurrences(of: ".0000001.jpg", with: ".0000000.jpg"), picture])
            _ = try await stack.boto(["put", stack.delivery, capture, picture])
        }
        for short in shorts { _ = try await stack.boto(["put", stack.delivery, short.video, video]) }
        let complete = try #require(
            try await WorkerMediaConvertTests.waitForStatus(stack, "json/shorts/episode.json", .complete, seconds: 1800), "\(worker.log.suffix(3000))")
        #expect(complete.outputs.filter { $0.role == .short }.map(\.path).sorted() == shorts.map(\.video).sorted())
        #expect(complete.shorts?.allSatisfy { $0.job?.status == "COMPLETE" && $0.job?.finishedAt != nil } == true)
        // Each short's picture is the middle capture, under the short's name; the captures are gone.
        let delivered = try await stack.keys()
        for short in shorts {
            #expect(delivered.contains("shorts/shorts/episode_short\(short.rank).jpg"), "\(delivered)")
        }
        #expect(!delivered.contains { $0.contains(".000000") }, "\(delivered)")
        #expect(complete.outputs.filter { $0.role == .shortThumbnail }.count == 2)
        #expect(complete.shorts?.allSatisfy { $0.capture == nil && $0.thumbnail != nil } == true)
        // The shorts manifest, as the local engine writes it, listed in the record.
        let manifestKey = "shorts/shorts/episode_shorts.json"
        #expect(complete.outputs.contains { $0.path == manifestKey && $0.role == .analysis }, "\(complete.outputs.map(\.path))")
        let manifestData = try Data(contentsOf: try await stack.download(manifestKey))
        let entries = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [[String: Any]])
        #expect(entries.count == 2)
        for entry in entries {
            let rank = entry["rank"] as? Int ?? 0
            let short = try #require(complete.shorts?.first { $0.rank == rank }, "\(entry)")
            #expect(entry["video"] as? String == short.video && entry["thumbnail"] as? String == short.thumbnail)
            #expect(entry["start"] as? Double == short.start && entry["end"] as? Double == short.end && entry["signals"] is [String: Any])
            #expect(entry["job"] == nil && entry["capture"] == nil && entry["inputs"] == nil, "\(entry.keys)")
        }
        worker.signal(SIGTERM)
        #expect(try await RunningWorker.wait(600) { !worker.isAlive })
    }
}

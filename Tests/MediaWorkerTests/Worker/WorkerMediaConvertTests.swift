import Foundation
import MediaWorkerPipeline
import Testing

/// `BACKEND=mediaconvert` in a running worker: submit (SUBMITTED with thumbnail and
/// original), completion by job state change events through the worker's own queue, and
/// template edits picked up on SIGHUP (a broken edit refused, the last good version kept).
@Suite("Worker with the MediaConvert backend", .serialized)
struct WorkerMediaConvertTests {
    static func waitForStatus(_ stack: WorkerStack, _ key: String, _ status: DeliveryReport.Status, seconds: Double = 1200) async throws -> DeliveryReport? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let report = try? await stack.report(key), report.status == status { return report }
            try await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }

    @Test("submit, COMPLETE and ERROR events through the queue, template reload on SIGHUP")
    func mediaConvertFlow() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let stack = try await WorkerStack.make(endpoint: moto.endpoint, credentials: moto.credentials)
        let stub = try await blocking { try MediaConvertStub.start(credentials: moto.credentials, region: "us-east-1") }
        defer { stub.server.stop() }
        let templates = try TemplateReloadTests.copyTemplates()
        let clip = try await MediaCorpus.shared.path("three_seconds.mp4")
        try await stack.upload(clip, key: "inputs/mc/show.mp4")
        let worker = try await stack.start([
            "BACKEND": "mediaconvert", "JOB_TEMPLATE": templates.appendingPathComponent("job.json").path,
            "MEDIACONVERT_ROLE_ARN": "arn:aws:iam::123456789012:role/MediaConvertRole", "MEDIACONVERT_ENDPOINT": stub.server.endpoint,
            "WORKER_ID": "mc",
        ], name: "worker-mediaconvert")
        defer { worker.server.stop() }

        let submitted = try #require(try await Self.waitForStatus(stack, "json/mc/show.json", .submitted), "\(worker.log.suffix(3000))")
        let job = try #require(submitted.job)
        #expect(job.backend == "mediaconvert" && job.plannedKeys == ["audiovideo/mc/show_360p.mp4"])
        #expect(submitted.outputs.map(\.path).sorted() == ["original/mc/show.mp4", "thumbnail/mc/show.jpg"])
        #expect(try await stack.keys() == ["json/mc/show.json", "original/mc/show.mp4", "thumbnail/mc/show.jpg"])
        let creates = try await stub.requests().filter { $0["operation"] as? String == "CreateJob" }
        #expect(creates.count == 1)

        // MediaConvert writes the rendition; its COMPLETE event arrives on the worker's queue.
        _ = try await stack.boto(["put", stack.delivery, "audiovideo/mc/show_360p.mp4", clip])
        let detail = "{\"outputFilePaths\": [\"s3://\(stack.delivery)/audiovideo/mc/show_360p.mp4\"], \"durationInMs\": 3000, \"videoDetails\": {\"widthInPx\": 640, \"heightInPx\": 360}}"
        try await stack.send(MediaConvertFlowTests.event(submitted, status: "COMPLETE", bucket: stack.delivery, details: detail))
        let complete = try #require(try await Self.waitForStatus(stack, "json/mc/show.json", .complete), "\(worker.log.suffix(3000))")
        #expect(complete.outputs.map(\.path).sorted() == ["audiovideo/mc/show_360p.mp4", "original/mc/show.mp4", "thumbnail/mc/show.jpg"])
        let rendition = try #require(complete.outputs.first { $0.role == .rendition })
        #expect(rendition.width == 640 && rendition.duration == 3 && rendition.bytes > 0)

        // An edit and SIGHUP: the next job uses the new version.
        try TemplateReloadTests.edit(templates, "\"QvbrQualityLevel\": 7", "\"QvbrQualityLevel\": 6")
        worker.signal(SIGHUP)
        #expect(try await RunningWorker.wait(600) { worker.log.contains("template loaded job.json") }, "\(worker.log.suffix(2000))")
        try await stack.upload(clip, key: "inputs/mc/second.mp4")
        let second = try #require(try await Self.waitForStatus(stack, "json/mc/second.json", .submitted), "\(worker.log.suffix(3000))")
        #expect(second.job?.templateVersion != job.templateVersion)

        // A broken edit is refused; the last good version stays in use.
        try TemplateReloadTests.edit(templates, "\"Height\": 720", "\"Height\": \"720\"")
        worker.signal(SIGHUP)
        #expect(try await RunningWorker.wait(600) { worker.log.contains("template refused job.json") }, "\(worker.log.suffix(2000))")
        try await stack.upload(clip, key: "inputs/mc/third.mp4")
        let third = try #require(try await Self.waitForStatus(stack, "json/mc/third.json", .submitted), "\(worker.log.suffix(3000))")
        #expect(third.job?.templateVersion == second.job?.templateVersion)

        // The second job fails: the ERROR event's code and message reach its metadata.
        try await stack.send(MediaConvertFlowTests.event(second, status: "ERROR", bucket: stack.delivery))
        let failed = try #require(try await Self.waitForStatus(stack, "json/mc/second.json", .failed), "\(worker.log.suffix(3000))")
        #expect(failed.job?.errorCode == 1030)
        #expect(failed.error?.message.contains("not a supported input video codec") == true)

        worker.signal(SIGTERM)
        #expect(try await RunningWorker.wait(600) { !worker.isAlive })
        #expect(try await stack.drainQueue(stack.queueURL).isEmpty)
    }

    @Test("MEDIACONVERT_POLL: polling holds no job slot, and a worker killed while its job is SUBMITTED is completed by the next one")
    func pollingSurvivesRestart() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let stack = try await WorkerStack.make(endpoint: moto.endpoint, credentials: moto.credentials)
        let stub = try await blocking { try MediaConvertStub.start(credentials: moto.credentials, region: "us-east-1") }
        defer { stub.server.stop() }
        let templates = try TemplateReloadTests.copyTemplates()
        let clip = try await MediaCorpus.shared.path("three_seconds.mp4")
        let environment = [
            "BACKEND": "mediaconvert", "JOB_TEMPLATE": templates.appendingPathComponent("job.json").path,
            "MEDIACONVERT_ROLE_ARN": "arn:aws:iam::123456789012:role/MediaConvertRole", "MEDIACONVERT_ENDPOINT": stub.server.endpoint,
            "MEDIACONVERT_POLL": "true", "CONCURRENCY": "1",
        ]
        // The first worker polls once at start (nothing yet), then not for an hour.
        var first = environment
        first["MEDIACONVERT_POLL_SECONDS"] = "3600"
        first["WORKER_ID"] = "poll-first"
        let worker = try await stack.start(first, name: "worker-poll-first")
        defer { worker.server.stop() }
        try await stack.upload(clip, key: "inputs/poll/one.mp4")
        let one = try #require(try await Self.waitForStatus(stack, "json/poll/one.json", .submitted), "\(worker.log.suffix(3000))")
        // With one slot, a second upload is taken while the first job is still SUBMITTED.
        try await stack.upload(clip, key: "inputs/poll/two.mp4")
        _ = try #require(try await Self.waitForStatus(stack, "json/poll/two.json", .submitted), "\(worker.log.suffix(3000))")
        #expect(try await stack.report("json/poll/one.json").status == .submitted)
        let pending = try await stack.keys(includingState: true).filter { $0.hasPrefix(".media-worker.mediaconvert-submitted.") }
        #expect(pending.count == 2, "\(pending)")
        worker.signal(SIGKILL)
        #expect(try await RunningWorker.wait(600) { !worker.isAlive })

        // MediaConvert wrote the renditions meanwhile; the next worker's poller completes both.
        for name in ["one", "two"] { _ = try await stack.boto(["put", stack.delivery, "audiovideo/poll/\(name)_360p.mp4", clip]) }
        var second = environment
        second["MEDIACONVERT_POLL_SECONDS"] = "1"
        second["WORKER_ID"] = "poll-second"
        let next = try await stack.start(second, name: "worker-poll-second")
        defer { next.server.stop() }
        let complete = try #require(try await Self.waitForStatus(stack, "json/poll/one.json", .complete), "\(next.log.suffix(3000))")
        #expect(complete.job?.id == one.job?.id)
        #expect(complete.outputs.map(\.path).contains("audiovideo/poll/one_360p.mp4"))
        _ = try #require(try await Self.waitForStatus(stack, "json/poll/two.json", .complete), "\(next.log.suffix(3000))")
        #expect(try await RunningWorker.wait(600) {
            try await stack.keys(includingState: true).allSatisfy { !$0.hasPrefix(".media-worker.mediaconvert-submitted.") }
        }, "the index is emptied")
        next.signal(SIGTERM)
        #expect(try await RunningWorker.wait(600) { !next.isAlive })
    }
}

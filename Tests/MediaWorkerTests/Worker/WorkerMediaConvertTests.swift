import Foundation
import MediaWorkerPipeline
import Testing

/// `BACKEND=mediaconvert` in a running worker: submit (SUBMITTED with thumbnail and
/// original), completion by job state change events through the worker's own queue, and
/// template edits picked up on SIGHUP (a broken edit refused, the last good version kept).
@Suite("Worker with the MediaConvert backend", .serialized)
struct WorkerMediaConvertTests {
    static func waitForStatus(_ stack: WorkerStack, _ key: String, _ status: DeliveryReport.Status, seconds: Double = 60) async throws -> DeliveryReport? {
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
        let rendition = try #require(complete.outputs.first { $0.role == "rendition" })
        #expect(rendition.width == 640 && rendition.duration == 3 && rendition.bytes > 0)

        // An edit and SIGHUP: the next job uses the new version.
        try TemplateReloadTests.edit(templates, "\"QvbrQualityLevel\": 7", "\"QvbrQualityLevel\": 6")
        worker.signal(SIGHUP)
        #expect(try await RunningWorker.wait(10) { worker.log.contains("template loaded job.json") }, "\(worker.log.suffix(2000))")
        try await stack.upload(clip, key: "inputs/mc/second.mp4")
        let second = try #require(try await Self.waitForStatus(stack, "json/mc/second.json", .submitted), "\(worker.log.suffix(3000))")
        #expect(second.job?.templateVersion != job.templateVersion)

        // A broken edit is refused; the last good version stays in use.
        try TemplateReloadTests.edit(templates, "\"Height\": 720", "\"Height\": \"720\"")
        worker.signal(SIGHUP)
        #expect(try await RunningWorker.wait(10) { worker.log.contains("template refused job.json") }, "\(worker.log.suffix(2000))")
        try await stack.upload(clip, key: "inputs/mc/third.mp4")
        let third = try #require(try await Self.waitForStatus(stack, "json/mc/third.json", .submitted), "\(worker.log.suffix(3000))")
        #expect(third.job?.templateVersion == second.job?.templateVersion)

        // The second job fails: the ERROR event's code and message reach its metadata.
        try await stack.send(MediaConvertFlowTests.event(second, status: "ERROR", bucket: stack.delivery))
        let failed = try #require(try await Self.waitForStatus(stack, "json/mc/second.json", .failed), "\(worker.log.suffix(3000))")
        #expect(failed.job?.errorCode == 1030)
        #expect(failed.error?.message.contains("not a supported input video codec") == true)

        worker.signal(SIGTERM)
        #expect(try await RunningWorker.wait(30) { !worker.isAlive })
        #expect(try await stack.drainQueue(stack.queueURL).isEmpty)
    }
}

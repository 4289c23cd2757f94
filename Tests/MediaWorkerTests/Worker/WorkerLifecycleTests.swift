import Foundation
import MediaWorkerPipeline
import Testing

/// Crashes and shutdowns in the middle of a transcode: nothing lost, nothing partial marked
/// COMPLETE, temp files removed.
@Suite("Worker crash and shutdown", .serialized)
struct WorkerLifecycleTests {
    /// A slow job: the 10 s 720p clip with x264's veryslow preset (three rungs).
    /// The claim's lease (5 s) ends before the killed worker's message reappears (10 s), so
    /// the next worker takes the upload over on that delivery.
    static let slow = ["X264_PRESET": "veryslow", "VISIBILITY_TIMEOUT": "10", "CLAIM_LEASE_SECONDS": "5"]

    static func stackWithSlowUpload(_ key: String) async throws -> WorkerStack {
        let moto = try await SharedServers.shared.motoWithAuth()
        let stack = try await WorkerStack.make(endpoint: moto.endpoint, credentials: moto.credentials, maxReceiveCount: 3)
        try await stack.upload(try await MediaCorpus.shared.path("h264_aac.mp4"), key: key)
        return stack
    }

    @Test("kill -9 mid-transcode: a second worker completes the job after the visibility timeout")
    func crash() async throws {
        let stack = try await Self.stackWithSlowUpload("inputs/crash.mp4")
        let first = try await stack.start(Self.slow.merging(["WORKER_ID": "first"]) { $1 }, name: "crash-first")
        #expect(try await RunningWorker.wait(600) { !stack.jobFolders(worker: "first").isEmpty }, "the job never started: \(first.log)")
        try await Task.sleep(for: .seconds(2))
        first.signal(SIGKILL)
        #expect(try await RunningWorker.wait(600) { !first.isAlive })
        first.server.stop()
        // Nothing was marked COMPLETE (nothing at all was delivered for it).
        #expect(!(try await stack.keys()).contains("json/crash.json"))

        let second = try await stack.drain(["WORKER_ID": "second"])
        #expect(second.status == 0, "\(second.stderr.suffix(2000))")
        let report = try await stack.report("json/crash.json")
        #expect(report.status == .complete)
        #expect(report.attempt == 2)
        #expect(try await stack.keys() == [
            "audiovideo/crash_360p.mp4", "audiovideo/crash_480p.mp4", "audiovideo/crash_720p.mp4", "json/crash.json", "original/crash.mp4",
            "thumbnail/crash.jpg",
        ])
        #expect(try await stack.drainQueue(stack.queueURL).isEmpty)
        #expect(try await stack.drainQueue(stack.deadLetterURL).isEmpty)
    }

    @Test("A job longer than the visibility timeout keeps its message: the heartbeat extends it")
    func heartbeat() async throws {
        let stack = try await Self.stackWithSlowUpload("inputs/long.mp4")
        let run = try await stack.drain([
            "X264_PRESET": "slower", "VISIBILITY_TIMEOUT": "10", "CONCURRENCY": "2", "WORKER_ID": "beat", "LOG_LEVEL": "debug",
        ])
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        let report = try await stack.report("json/long.json")
        #expect(report.status == .complete && report.attempt == 1)
        #expect(!run.stderr.contains("attempt=2/"), "the message was handed out again while its job ran")
        // Whatever the machine's speed: a job that outlasted the visibility timeout was kept
        // alive by heartbeats (observed in the log), and a shorter one needed none.
        let extensions = run.stderr.components(separatedBy: "the message's visibility is extended").count - 1
        let total = report.timings?.total ?? 0
        #expect(total < 10 || extensions >= 1, "\(total) s without a heartbeat")
        #expect(extensions == 0 || total > 3, "a heartbeat comes only after a third of the visibility timeout")
    }

    @Test("While the disk is short, no message is taken: a drain exits 1 naming MIN_FREE_DISK_MB and the upload stays queued")
    func diskShort() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let stack = try await WorkerStack.make(endpoint: moto.endpoint, credentials: moto.credentials, maxReceiveCount: 2)
        try await stack.upload(try await MediaCorpus.shared.path("audio.mp3"), key: "inputs/full.mp3")
        let blocked = try await stack.drain(["MIN_FREE_DISK_MB": "10000000", "WORKER_ID": "full"])
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("MIN_FREE_DISK_MB"), "\(blocked.stderr.suffix(2000))")
        #expect(!blocked.stderr.contains("job started"))
        #expect(try await stack.keys().isEmpty)
        // With room again, the same upload is delivered on its first attempt: nothing was lost or spent.
        let run = try await stack.drain(["WORKER_ID": "full"])
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        let report = try await stack.report("json/full.json")
        #expect(report.status == .complete && report.attempt == 1)
        #expect(try await stack.drainQueue(stack.deadLetterURL).isEmpty)
    }

    @Test("run refuses an incomplete configuration, naming every variable to set")
    func configurationErrors() async throws {
        let result = try await ProcessRunner.run(try TestTools.mediaWorker(), ["run"], environment: ["PATH": "/usr/bin:/bin", "CONCURRENCY": "zero"])
        #expect(result.status == 2)
        for name in ["QUEUE_URL", "DESTINATION_BUCKET", "CONCURRENCY=zero"] { #expect(result.stderr.contains(name), "\(result.stderr)") }
    }

    @Test("SIGTERM with a short grace period: the job is cancelled, its message released at once, temp files removed")
    func sigtermReleases() async throws {
        let stack = try await Self.stackWithSlowUpload("inputs/term.mp4")
        let worker = try await stack.start(Self.slow.merging(["WORKER_ID": "term", "SHUTDOWN_GRACE_SECONDS": "1", "VISIBILITY_TIMEOUT": "600"]) { $1 }, name: "term")
        #expect(try await RunningWorker.wait(600) { !stack.jobFolders(worker: "term").isEmpty }, "the job never started: \(worker.log)")
        try await Task.sleep(for: .seconds(1))
        worker.signal(SIGTERM)
        // The grace period ran out and the job was cancelled, not finished: the log says the
        // message was released and nothing was delivered (the veryslow job takes minutes).
        #expect(try await RunningWorker.wait(600) { !worker.isAlive }, "still running: \(worker.log.suffix(2000))")
        worker.server.stop()
        #expect(worker.log.contains("released for another worker"), "\(worker.log.suffix(2000))")
        #expect(stack.jobFolders(worker: "term").isEmpty)
        #expect(!(try await stack.keys()).contains("json/term.json"))
        // Released with visibility 0 (not the 600 s it was received with): the next worker
        // takes it at once.
        let next = try await stack.drain(["WORKER_ID": "next"])
        #expect(next.status == 0)
        let report = try await stack.report("json/term.json")
        #expect(report.status == .complete && report.attempt == 2)
    }

    @Test("SIGTERM with a long grace period: the running job finishes and its message is deleted")
    func sigtermFinishes() async throws {
        let stack = try await Self.stackWithSlowUpload("inputs/finish.mp4")
        // A grace period no loaded machine's encode outlasts: the job ends by finishing.
        let worker = try await stack.start(["WORKER_ID": "finish", "SHUTDOWN_GRACE_SECONDS": "3600", "X264_PRESET": "medium"], name: "finish")
        #expect(try await RunningWorker.wait(600) { !stack.jobFolders(worker: "finish").isEmpty }, "the job never started: \(worker.log)")
        worker.signal(SIGTERM)
        #expect(try await RunningWorker.wait(3600) { !worker.isAlive }, "still running: \(worker.log.suffix(2000))")
        worker.server.stop()
        // The SIGTERM came while the job ran (so the grace period is what let it finish).
        let shutdown = worker.log.split(separator: "\n").first { $0.contains("shutting down") }
        #expect(shutdown?.contains("running=1") == true, "\(shutdown ?? "no shutdown line")")
        #expect(worker.log.contains("completed=1"), "\(worker.log.suffix(2000))")
        #expect(try await stack.report("json/finish.json").status == .complete)
        #expect(try await stack.drainQueue(stack.queueURL).isEmpty)
        #expect(stack.jobFolders(worker: "finish").isEmpty)
    }
}

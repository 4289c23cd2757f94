import Foundation
import Logging
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerService
import ServiceLifecycle
import Testing

/// `WorkerService` in the test process with a fake queue, fake jobs, a fake disk and a
/// manual clock: receive, heartbeat, retry, dead letter, drain, shutdown with and without
/// grace, a short disk. No server, no sleeping on the clock, no time bound.
@Suite("Worker service in-process")
struct WorkerServiceTests {
    static func configuration(concurrency: Int = 2, drain: Bool = false) -> WorkerConfiguration {
        var configuration = WorkerConfiguration(queue: .sqs(url: "fake"), destinationBucket: "delivery", workDirectory: NSTemporaryDirectory(), workerID: "test")
        configuration.concurrency = concurrency
        configuration.drain = drain
        configuration.retry.baseDelaySeconds = 30
        return configuration
    }

    static func worker(
        source: FakeMessageSource, runner: FakeRunner, space: FakeSpace = FakeSpace(), concurrency: Int = 2, drain: Bool = false,
        clock: ManualClock = ManualClock()
    ) -> WorkerService {
        WorkerService(
            source: source, runner: runner, space: space, completions: nil, configuration: configuration(concurrency: concurrency, drain: drain),
            logger: Logger(label: "test"), clock: clock)
    }

    static var completing: FakeRunner { FakeRunner { event, _, _, _ in .completed(FakeRunner.report(event, status: .complete)) } }

    @Test("drain: every message is run and completed, undecodable ones dead-lettered, then run() returns")
    func drainCompletes() async throws {
        let source = FakeMessageSource(returnsEmpty: true)
        source.send(FakeEvents.upload("inputs/a.mp4"), id: "a")
        source.send(FakeEvents.upload("inputs/b.mp4"), id: "b")
        source.send("not json", id: "garbled")
        let runner = Self.completing
        let worker = Self.worker(source: source, runner: runner, drain: true)
        try await worker.run()
        #expect(Set(runner.started.map(\.key)) == ["inputs/a.mp4", "inputs/b.mp4"])
        let settled = source.settlements
        #expect(settled.contains(.completed("a")))
        #expect(settled.contains(.completed("b")))
        #expect(settled.contains { if case .deadLettered("garbled", _) = $0 { true } else { false } })
        #expect(settled.count == 3)
        #expect(worker.statistics.completed == 2)
        #expect(worker.statistics.deadLettered == 1)
    }

    @Test("a failed attempt is retried after the configured delay; the final attempt's FAILED is dead-lettered")
    func retryAndDeadLetter() async throws {
        let source = FakeMessageSource(maxAttempts: 3, returnsEmpty: true)
        source.send(FakeEvents.upload("inputs/flaky.mp4"), id: "first", attempt: 2)
        source.send(FakeEvents.upload("inputs/broken.mp4"), id: "last", attempt: 3)
        let runner = FakeRunner { event, _, isFinal, _ in
            if isFinal { return .failed(FakeRunner.report(event, status: .failed)) }
            throw URLError(.timedOut)
        }
        let worker = Self.worker(source: source, runner: runner, drain: true)
        try await worker.run()
        #expect(source.settlements.contains(.retried("first", afterSeconds: 60)), "attempt 2 waits base × 2")
        #expect(source.settlements.contains(.deadLettered("last", reason: "the test said so")))
        #expect(runner.started.first { $0.key == "inputs/broken.mp4" }?.isFinal == true)
        #expect(runner.started.first { $0.key == "inputs/flaky.mp4" }?.isFinal == false)
        #expect(worker.statistics.retried == 1)
        #expect(worker.statistics.failed == 1)
    }

    @Test("a running job's message is extended at every heartbeat of the clock, and no longer once it ends")
    func heartbeat() async throws {
        let clock = ManualClock()
        let source = FakeMessageSource(heartbeatInterval: .seconds(100))
        let gate = Gate()
        let runner = FakeRunner { event, _, _, _ in
            _ = await gate.pass()
            return .completed(FakeRunner.report(event, status: .complete))
        }
        let worker = Self.worker(source: source, runner: runner, clock: clock)
        let running = Task { try await worker.run() }
        source.send(FakeEvents.upload("inputs/long.mp4"), id: "long")
        try await eventually("the job reached its gate") { gate.arrived == 1 }
        try await eventually("the heartbeat sleeps") { clock.sleeperCount == 1 }
        #expect(source.extensions.isEmpty)
        clock.advance(by: .seconds(100))
        try await eventually("one extension") { source.extensions == ["long"] }
        try await eventually("the heartbeat sleeps again") { clock.sleeperCount == 1 }
        clock.advance(by: .seconds(100))
        try await eventually("two extensions") { source.extensions.count == 2 }
        gate.open()
        try await eventually("completed") { source.settlements == [.completed("long")] }
        clock.advance(by: .seconds(300))
        #expect(source.extensions.count == 2, "the heartbeat ended with the job")
        running.cancel()
        _ = try? await running.value
    }

    @Test("an unreachable queue is retried after the backoff on the clock; the worker reports it unready meanwhile")
    func receiveBackoff() async throws {
        let clock = ManualClock()
        let source = FakeMessageSource()
        source.failReceives(2)
        let worker = Self.worker(source: source, runner: Self.completing, clock: clock)
        let running = Task { try await worker.run() }
        try await eventually("first failure, then a pause") { source.receives == 1 && clock.sleeperCount == 1 }
        #expect(worker.health.receiveFailures == 1)
        #expect(worker.health.readiness().ready == false)
        clock.advance(by: .seconds(1))
        #expect(source.receives == 1, "the 2 s backoff has not passed")
        clock.advance(by: .seconds(1))
        try await eventually("second failure, then a 4 s pause") { source.receives == 2 && clock.sleeperCount == 1 }
        clock.advance(by: .seconds(4))
        try await eventually("a good receive, waiting") { source.isReceiving }
        source.send(FakeEvents.upload("inputs/after.mp4"), id: "after")
        try await eventually("delivered once the queue is back") { source.settlements == [.completed("after")] }
        #expect(worker.health.receiveFailures == 0)
        #expect(source.receives >= 3)
        running.cancel()
        _ = try? await running.value
    }

    @Test("shutdown with grace: no new receive, the running job finishes and its message is completed")
    func shutdownWithGrace() async throws {
        let source = FakeMessageSource()
        let gate = Gate()
        let runner = FakeRunner { event, _, _, _ in
            _ = await gate.pass()
            return .completed(FakeRunner.report(event, status: .complete))
        }
        let worker = Self.worker(source: source, runner: runner, concurrency: 2)
        var configuration = ServiceGroupConfiguration(services: [worker], logger: Logger(label: "test"))
        configuration.maximumGracefulShutdownDuration = .seconds(3600)
        let group = ServiceGroup(configuration: configuration)
        let running = Task { try await group.run() }
        source.send(FakeEvents.upload("inputs/one.mp4"), id: "one")
        try await eventually("the job runs and the loop receives again") { gate.arrived == 1 && source.isReceiving }
        let receivesBefore = source.receives
        await group.triggerGracefulShutdown()
        try await eventually("the pending receive was cancelled") { !source.isReceiving }
        try await eventually("the worker says stopping") { worker.health.phase == .stopping }
        #expect(source.settlements.isEmpty, "the job still runs")
        gate.open()
        try await running.value
        #expect(source.settlements == [.completed("one")])
        #expect(source.receives == receivesBefore, "no receive after the shutdown began")
        #expect(worker.health.phase == .stopped)
    }

    @Test("shutdown past the grace: the group cancels the job and its message is released at once")
    func shutdownGraceExpires() async throws {
        let source = FakeMessageSource()
        let gate = Gate()
        let cancelled = Gate()
        let runner = FakeRunner { event, _, _, cancellation in
            if await gate.pass() == false || cancellation.isCancelled {
                cancelled.open()
                throw CancellationError()
            }
            return .completed(FakeRunner.report(event, status: .complete))
        }
        let worker = Self.worker(source: source, runner: runner)
        var configuration = ServiceGroupConfiguration(services: [worker], logger: Logger(label: "test"))
        configuration.maximumGracefulShutdownDuration = .milliseconds(1)
        let group = ServiceGroup(configuration: configuration)
        let running = Task { try await group.run() }
        source.send(FakeEvents.upload("inputs/stuck.mp4"), id: "stuck")
        try await eventually("the job runs") { gate.arrived == 1 }
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        #expect(source.settlements == [.retried("stuck", afterSeconds: 0)])
        #expect(worker.statistics.released == 1)
        #expect(worker.statistics.completed == 0)
    }

    @Test("a short disk takes no message until it has room again; drain on a short disk fails saying so")
    func diskShort() async throws {
        let clock = ManualClock()
        let space = FakeSpace(hasRoom: false)
        let source = FakeMessageSource()
        source.send(FakeEvents.upload("inputs/waiting.mp4"), id: "waiting")
        let worker = Self.worker(source: source, runner: Self.completing, space: space, clock: clock)
        let running = Task { try await worker.run() }
        try await eventually("paused on the disk") { clock.sleeperCount == 1 }
        #expect(source.receives == 0)
        #expect(worker.health.diskShort)
        clock.advance(by: .seconds(2))
        try await eventually("checked again and paused again") { space.checkCount == 2 && clock.sleeperCount == 1 }
        #expect(source.receives == 0)
        space.set(hasRoom: true)
        clock.advance(by: .seconds(2))
        try await eventually("delivered once there is room") { source.settlements == [.completed("waiting")] }
        #expect(worker.health.diskShort == false)
        running.cancel()
        _ = try? await running.value

        let drainSource = FakeMessageSource(returnsEmpty: true)
        drainSource.send(FakeEvents.upload("inputs/kept.mp4"), id: "kept")
        let drain = Self.worker(source: drainSource, runner: Self.completing, space: FakeSpace(hasRoom: false), drain: true)
        await #expect(throws: WorkerError.self) { try await drain.run() }
        #expect(drainSource.receives == 0)
        #expect(drainSource.settlements.isEmpty, "the message stays in the queue")
    }

    @Test("at most `concurrency` jobs run at once; the next message is received when one ends")
    func concurrencyLimit() async throws {
        let source = FakeMessageSource()
        let gate = Gate()
        let runner = FakeRunner { event, _, _, _ in
            _ = await gate.pass()
            return .completed(FakeRunner.report(event, status: .complete))
        }
        let worker = Self.worker(source: source, runner: runner, concurrency: 2)
        let running = Task { try await worker.run() }
        for name in ["a", "b", "c"] { source.send(FakeEvents.upload("inputs/\(name).mp4"), id: name) }
        try await eventually("two jobs run") { gate.arrived == 2 }
        #expect(worker.health.runningJobs == 2)
        #expect(runner.started.count == 2, "the third waits for a slot")
        gate.open()
        try await eventually("all three completed") { source.settlements.count == 3 }
        running.cancel()
        _ = try? await running.value
    }
}

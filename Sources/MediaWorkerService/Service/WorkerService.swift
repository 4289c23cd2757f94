import Foundation
public import Logging
public import ServiceLifecycle
import MediaWorkerSupport

/// `media-worker run`: takes messages from the queue and runs up to `concurrency` jobs at
/// once, each a child task of the service's own task group. A message is deleted only
/// after its outputs are delivered; a failed job's message comes back after a backoff; the
/// final attempt writes FAILED and dead-letters it.
///
/// The receive loop is ``ReceiveLoopStateMachine``: this type only carries out its actions.
/// On graceful shutdown (the service group's SIGTERM or SIGINT) it stops receiving and lets
/// running jobs finish; when the group's `maximumGracefulShutdownDuration` passes, the group
/// cancels the service, and each cancelled job releases its message (visibility 0) and
/// removes its temp files. With `drain`, it returns once the queue is empty.
public final class WorkerService: Service, Sendable {
    public let source: any MessageSource
    public let runner: any UploadJobRunner
    public let space: any JobSpace
    /// Applies MediaConvert job state changes that arrive through the queue.
    public let completions: (any JobCompletionHandler)?
    public let configuration: WorkerConfiguration
    public let logger: Logger
    /// Announces completed and failed jobs (SNS, webhook); `nil` for none.
    public let notifications: JobNotifications?
    let metrics: WorkerMetrics
    let clock: any Clock<Duration>
    let slots = JobSlots()
    let shutdown = ShutdownSignal()
    let counts = Locked(WorkerStatistics())
    private let healthState = Locked(WorkerHealth())

    public init(
        source: any MessageSource, runner: any UploadJobRunner, space: any JobSpace, completions: (any JobCompletionHandler)?,
        configuration: WorkerConfiguration, logger: Logger, notifications: JobNotifications? = nil, metrics: WorkerMetrics = WorkerMetrics(),
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.source = source
        self.runner = runner
        self.space = space
        self.completions = completions
        self.configuration = configuration
        self.logger = logger
        self.notifications = notifications
        self.metrics = metrics
        self.clock = clock
    }

    /// What this worker has done so far.
    public var statistics: WorkerStatistics { counts.withLock { $0 } }

    /// The worker's state for `/healthz` and `/readyz`.
    public var health: WorkerHealth {
        var health = healthState.withLock { $0 }
        health.runningJobs = slots.running
        return health
    }

    public func run() async throws {
        try space.prepare(workerID: configuration.workerID)
        try await source.prepare()
        try await runner.prepare()
        updateHealth {
            $0.phase = .running
            $0.since = Date()
        }
        logger.info("worker started", metadata: [
            "queue": "\(source)", "destination": "\(configuration.destinationBucket)", "backend": "\(configuration.backend.rawValue)",
            "concurrency": "\(configuration.concurrency)", "drain": "\(configuration.drain)",
        ])
        let reason = await withGracefulShutdownHandler {
            await self.loop(clock: self.clock)
        } onGracefulShutdown: {
            self.logger.info("shutting down: no new messages; running jobs may finish", metadata: ["running": "\(self.slots.running)"])
            self.updateHealth { $0.phase = .stopping }
            self.shutdown.request()
        }
        updateHealth { $0.phase = .stopped }
        if reason == .drainBlockedByDisk {
            throw WorkerError(.diskShort, "\(space.shortDescription) is short of space; nothing was taken from the queue")
        }
        let final = statistics
        logger.info("worker stopped", metadata: [
            "messages": "\(final.messages)", "completed": "\(final.completed)", "submitted": "\(final.submitted)", "skipped": "\(final.skipped)",
            "failed": "\(final.failed)", "retried": "\(final.retried)", "dead_lettered": "\(final.deadLettered)", "released": "\(final.released)",
            "deferred": "\(final.deferred)",
        ])
    }

    /// Carries out the state machine's actions until it says stop. Jobs are child tasks of
    /// the group: cancelling the service (the group's grace is over) cancels them.
    private func loop<C: Clock>(clock: C) async -> ReceiveLoopStopReason where C.Duration == Duration {
        var machine = ReceiveLoopStateMachine<C.Instant>(concurrency: configuration.concurrency, drain: configuration.drain)
        return await withDiscardingTaskGroup { group in
            var action = machine.nextAction(now: clock.now)
            while true {
                if shutdown.isRequested || Task.isCancelled, !machine.isStopping {
                    machine.shutdownRequested()
                    action = machine.nextAction(now: clock.now)
                }
                let finished = slots.takeFinished()
                if finished > 0 {
                    machine.jobsFinished(finished)
                    if action == .waitForJob { action = machine.nextAction(now: clock.now) }
                }
                switch action {
                case .stop(let reason):
                    if reason == .drained { logger.info("the queue is empty; draining done") }
                    return reason
                case .waitForJob:
                    await slots.waitForFinished()
                case .sleep(let until):
                    _ = try? await shutdown.interruptible { try await clock.sleep(until: until, tolerance: nil) }
                    action = machine.timerFired(now: clock.now)
                case .countQueue:
                    let pending = (try? await source.pendingCount()) ?? nil
                    action = machine.queueCounted(pending: pending, now: clock.now)
                case .checkDisk:
                    let (next, notice) = machine.diskChecked(hasRoom: space.hasRoomForAJob(), now: clock.now)
                    if let notice { report(notice, machine: machine) }
                    action = next
                case .receive(let max):
                    do {
                        let messages = try await shutdown.interruptible { [source] in try await source.receive(max: max) }
                        updateHealth {
                            $0.lastReceive = Date()
                            $0.receiveFailures = 0
                        }
                        metrics.messagesReceived(messages.count)
                        slots.started(messages.count)
                        for message in messages {
                            group.addTask {
                                await self.handle(message)
                                self.slots.finished()
                            }
                        }
                        action = machine.received(messages.count, now: clock.now)
                    } catch {
                        if shutdown.isRequested || Task.isCancelled {
                            action = machine.nextAction(now: clock.now)
                            continue
                        }
                        let (next, notice) = machine.receiveFailed(now: clock.now)
                        updateHealth { [failures = machine.receiveFailures] in
                            $0.receiveFailures = failures
                            $0.lastReceiveError = "\(error)"
                        }
                        if case .receiveFailed(let wait) = notice {
                            logger.error("cannot receive from the queue; trying again in \(wait.components.seconds) s", metadata: ["queue": "\(source)", "error": "\(error)"])
                        }
                        action = next
                    }
                }
            }
        }
    }

    private func report<I>(_ notice: ReceiveLoopStateMachine<I>.Notice, machine: ReceiveLoopStateMachine<I>) {
        switch notice {
        case .diskBecameShort:
            updateHealth { $0.diskShort = true }
            if machine.isStopping {
                logger.error("cannot drain: \(space.shortDescription) is short of space; its messages stay in the queue (free space, or lower MIN_FREE_DISK_MB)")
            } else {
                logger.warning("\(space.shortDescription) is short of space; not taking messages until it frees up")
            }
        case .diskRecovered:
            updateHealth { $0.diskShort = false }
            logger.info("the work directory has room again; taking messages")
        case .receiveFailed:
            break
        }
    }

    func updateHealth(_ body: (inout WorkerHealth) -> Void) {
        healthState.withLock { body(&$0) }
    }
}

import Foundation
public import Logging
import MediaWorkerJobs
import MediaWorkerMedia
public import MediaWorkerPipeline
public import ServiceLifecycle
import MediaWorkerSupport

/// `media-worker run`: takes messages from the queue and runs up to `concurrency` jobs at
/// once. A message is deleted only after its outputs are delivered; a failed job's message
/// comes back after a backoff; the final attempt writes FAILED and dead-letters it.
///
/// On graceful shutdown (SIGTERM, SIGINT) it stops receiving and lets running jobs finish
/// for the grace period; then it cancels them, releases their messages (visibility 0) and
/// removes their temp files. With `drain`, it returns once the queue is empty.
public final class WorkerService: Service, Sendable {
    public let source: any MessageSource
    public let processor: UploadProcessor
    /// Completes MediaConvert jobs from their state change events.
    public let mediaConvert: MediaConvertBackend?
    public let configuration: WorkerConfiguration
    public let logger: Logger
    /// Announces completed and failed jobs (SNS, webhook); `nil` for none.
    public let notifications: JobNotifications?
    let metrics: WorkerMetrics
    private let control = WorkerControl()
    private let counts = Locked(WorkerStatistics())
    private let healthState = Locked(WorkerHealth())
    /// A drain that stopped because the work disk is short (run() then throws).
    private let drainBlocked = Locked(false)

    public init(
        source: any MessageSource, processor: UploadProcessor, mediaConvert: MediaConvertBackend?, configuration: WorkerConfiguration, logger: Logger,
        notifications: JobNotifications? = nil, metrics: WorkerMetrics = WorkerMetrics()
    ) {
        self.source = source
        self.processor = processor
        self.mediaConvert = mediaConvert
        self.configuration = configuration
        self.logger = logger
        self.notifications = notifications
        self.metrics = metrics
    }

    /// What this worker has done so far.
    public var statistics: WorkerStatistics { counts.withLock { $0 } }

    /// The worker's state for `/healthz` and `/readyz`.
    public var health: WorkerHealth {
        var health = healthState.withLock { $0 }
        health.runningJobs = control.runningCount
        return health
    }

    public func run() async throws {
        try processor.work.prepare(workerID: configuration.workerID)
        try await source.prepare()
        healthState.withLock {
            $0.phase = .running
            $0.since = Date()
        }
        logger.info("worker started", metadata: [
            "queue": "\(source)", "destination": "\(configuration.destinationBucket)", "backend": "\(configuration.backend.rawValue)",
            "concurrency": "\(configuration.concurrency)", "drain": "\(configuration.drain)",
        ])
        let graceTimer = Locked<Task<Void, Never>?>(nil)
        await withGracefulShutdownHandler {
            await self.loop()
        } onGracefulShutdown: {
            self.logger.info("shutting down: no new messages; running jobs get \(self.configuration.shutdownGraceSeconds) s", metadata: ["running": "\(self.control.runningCount)"])
            self.healthState.withLock { $0.phase = .stopping }
            self.control.stop()
            let grace = self.configuration.shutdownGraceSeconds
            graceTimer.withLock {
                $0 = Task { [control = self.control] in
                    try? await Task.sleep(for: .seconds(grace))
                    if !Task.isCancelled { control.cancelRunning() }
                }
            }
        }
        graceTimer.withLock { $0?.cancel() }
        healthState.withLock { $0.phase = .stopped }
        if drainBlocked.withLock({ $0 }) {
            throw WorkerError(
                .diskShort,
                "the work directory \(processor.work.root) is short of space (\((processor.work.freeBytes() ?? 0) >> 20) MiB free, MIN_FREE_DISK_MB=\(processor.work.minimumFreeBytes >> 20)); nothing was taken from the queue")
        }
        let final = statistics
        logger.info("worker stopped", metadata: [
            "messages": "\(final.messages)", "completed": "\(final.completed)", "submitted": "\(final.submitted)", "skipped": "\(final.skipped)",
            "failed": "\(final.failed)", "retried": "\(final.retried)", "dead_lettered": "\(final.deadLettered)", "released": "\(final.released)",
        ])
    }

    private func loop() async {
        await withDiscardingTaskGroup { group in
            var idle = 0
            var receiveFailures = 0
            var diskShort = false
            while !control.isStopping {
                let free = await control.freeSlots(of: configuration.concurrency)
                guard free > 0 else { break }
                // A full work disk: take no messages (they would only come back) until room frees up.
                if !processor.work.hasRoomForAJob() {
                    if !diskShort {
                        logger.warning("the work directory is short of space; not taking messages until it frees up", metadata: [
                            "work_dir": "\(processor.work.root)", "free_mib": "\((processor.work.freeBytes() ?? 0) >> 20)",
                            "min_free_disk_mb": "\(processor.work.minimumFreeBytes >> 20)",
                        ])
                    }
                    diskShort = true
                    healthState.withLock { $0.diskShort = true }
                    if configuration.drain, control.runningCount == 0 {
                        logger.error("cannot drain: the work directory is short of space; its messages stay in the queue (free space, or lower MIN_FREE_DISK_MB)")
                        drainBlocked.withLock { $0 = true }
                        break
                    }
                    try? await Task.sleep(for: .seconds(2))
                    continue
                }
                if diskShort {
                    diskShort = false
                    healthState.withLock { $0.diskShort = false }
                    logger.info("the work directory has room again; taking messages")
                }
                let messages: [WorkMessage]
                do {
                    messages = try await control.receiving { [source] in try await source.receive(max: min(10, free)) }
                    receiveFailures = 0
                    healthState.withLock {
                        $0.lastReceive = Date()
                        $0.receiveFailures = 0
                    }
                    metrics.messagesReceived(messages.count)
                } catch {
                    if control.isStopping { break }
                    receiveFailures += 1
                    healthState.withLock { [receiveFailures] in
                        $0.receiveFailures = receiveFailures
                        $0.lastReceiveError = "\(error)"
                    }
                    let wait = min(30, 1 << min(receiveFailures, 5))
                    logger.error("cannot receive from the queue; trying again in \(wait) s", metadata: ["queue": "\(source)", "error": "\(error)"])
                    try? await Task.sleep(for: .seconds(wait))
                    continue
                }
                if messages.isEmpty {
                    if configuration.drain, control.runningCount == 0 {
                        idle += 1
                        if idle >= 2, (try? await source.pendingCount()).flatMap({ $0 }) ?? 0 == 0, control.runningCount == 0 {
                            logger.info("the queue is empty; draining done")
                            break
                        }
                    }
                    continue
                }
                idle = 0
                for message in messages {
                    let task = Task { await self.handle(message) }
                    let id = control.started(task)
                    group.addTask { [control] in
                        await task.value
                        control.finished(id)
                    }
                }
            }
        }
    }

    /// Decodes, runs and settles one message. Never throws: every path settles the message.
    func handle(_ message: WorkMessage) async {
        var log = logger
        log[metadataKey: "message"] = "\(message.id)"
        log[metadataKey: "attempt"] = "\(message.attempt)/\(source.maxAttempts)"
        counts.withLock { $0.messages += 1 }
        let event: QueueEvent
        do {
            event = try EventDecoder.decode(message.body)
        } catch {
            log.error("dead-lettering an undecodable message", metadata: ["reason": "\(error.message)", "body": "\(message.body.prefix(300))"])
            counts.withLock { $0.deadLettered += 1 }
            metrics.job("dead_lettered")
            await settle(log) { try await self.source.deadLetter(message, reason: error.description) }
            return
        }
        switch event {
        case .test(let bucket):
            log.info("s3:TestEvent acknowledged", metadata: ["bucket": "\(bucket ?? "?")"])
            counts.withLock { $0.skipped += 1 }
            await settle(log) { try await self.source.complete(message) }
        case .unrelated(let what):
            log.info("skipped: not an object event", metadata: ["what": "\(what)"])
            counts.withLock { $0.skipped += 1 }
            await settle(log) { try await self.source.complete(message) }
        case .jobStateChange(let change):
            await handle(change, message: message, log: log)
        case .uploads(let events):
            await handle(events, message: message, log: log)
        }
    }

    private func handle(_ events: [UploadEvent], message: WorkMessage, log: Logger) async {
        let cancellation = MediaCancellation()
        let isFinal = message.attempt >= source.maxAttempts
        let result: Result<[UploadOutcome], any Error> = await withHeartbeat(message, log: log) {
            var outcomes: [UploadOutcome] = []
            for event in events {
                var log = log
                log[metadataKey: "key"] = "\(event.bucket)/\(event.key)"
                log[metadataKey: "event"] = "\(event.name)"
                self.metrics.queueLatency(eventTime: event.time)
                self.metrics.jobStarted()
                defer { self.metrics.jobFinished() }
                let started = ContinuousClock.now
                log.info("job started", metadata: ["bytes": "\(event.size.map(String.init) ?? "?")", "etag": "\(event.etag ?? "?")"])
                let outcome: UploadOutcome
                do {
                    outcome = try await self.processor.process(event, attempt: message.attempt, isFinalAttempt: isFinal, cancellation: cancellation)
                } catch {
                    let seconds = (ContinuousClock.now - started) / .seconds(1)
                    let cancelled = cancellation.isCancelled || error is CancellationError
                    self.metrics.job(cancelled ? "released" : "retried", seconds: seconds)
                    log.info("job finished", metadata: ["outcome": "\(cancelled ? "released" : "retried")", "seconds": "\(String(format: "%.2f", seconds))"])
                    throw error
                }
                await self.record(outcome, seconds: (ContinuousClock.now - started) / .seconds(1), log: log)
                if case .submitted(let report) = outcome, self.configuration.pollMediaConvert, let backend = self.mediaConvert, let id = report.job?.id {
                    log.info("polling MediaConvert job \(id)")
                    if let done = try await backend.poll(jobID: id, interval: .seconds(self.configuration.mediaConvertPollSeconds)) {
                        log.info("MediaConvert job \(id) ended: \(done.status.rawValue)")
                    }
                }
                outcomes.append(outcome)
            }
            return outcomes
        } onCancel: {
            cancellation.cancel()
        }
        switch result {
        case .success(let outcomes):
            let failures = outcomes.compactMap { outcome -> String? in
                if case .failed(let report) = outcome { return report.error?.message ?? "failed" }
                return nil
            }
            if failures.isEmpty {
                await settle(log) { try await self.source.complete(message) }
            } else {
                counts.withLock { $0.deadLettered += 1 }
                metrics.job("dead_lettered")
                await settle(log) { try await self.source.deadLetter(message, reason: failures.joined(separator: "; ")) }
            }
        case .failure(let error):
            if cancellation.isCancelled || error is CancellationError || Task.isCancelled {
                log.warning("job cancelled at shutdown; its message is released for another worker")
                counts.withLock { $0.released += 1 }
                await settle(log) { try await self.source.retry(message, afterSeconds: 0) }
                return
            }
            let delay = configuration.retry.delay(afterAttempt: message.attempt)
            log.warning("job failed; it will be retried in \(delay) s", metadata: ["error": "\(error)"])
            counts.withLock { $0.retried += 1 }
            await settle(log) { try await self.source.retry(message, afterSeconds: delay) }
        }
    }

    private func handle(_ change: JobStateChange, message: WorkMessage, log: Logger) async {
        guard let backend = mediaConvert else {
            log.warning("a MediaConvert job state change arrived, but BACKEND is local; acknowledged", metadata: ["job": "\(change.job.id)"])
            await settle(log) { try await self.source.complete(message) }
            return
        }
        do {
            if let report = try await backend.complete(change) {
                log.info("MediaConvert job \(change.job.id) is \(change.job.status)", metadata: ["key": "\(report.input.key)", "status": "\(report.status.rawValue)"])
                metrics.job(report.status == .complete ? "completed" : "failed", bytesOut: Self.bytesWritten(report))
                await notifications?.announce(report, bucket: configuration.destinationBucket)
            } else {
                log.info("MediaConvert job \(change.job.id) is not one of this worker's; acknowledged")
            }
            await settle(log) { try await self.source.complete(message) }
        } catch {
            let delay = configuration.retry.delay(afterAttempt: message.attempt)
            log.warning("cannot record MediaConvert job \(change.job.id)'s state; retrying in \(delay) s", metadata: ["error": "\(error)"])
            await settle(log) { try await self.source.retry(message, afterSeconds: delay) }
        }
    }

    /// Counts, measures, logs and announces one job's outcome.
    private func record(_ outcome: UploadOutcome, seconds: Double, log: Logger) async {
        var fields: Logger.Metadata = ["outcome": "\(outcome.name)", "seconds": "\(String(format: "%.2f", seconds))"]
        var bytesIn: Int64 = 0
        var bytesOut: Int64 = 0
        if let report = outcome.report {
            bytesIn = report.input.bytes
            bytesOut = Self.bytesWritten(report)
            fields["bytes_in"] = "\(bytesIn)"
            fields["bytes_out"] = "\(bytesOut)"
            fields["outputs"] = "\(report.outputs.count)"
            if let timings = report.timings {
                for (name, value) in [("download", timings.download), ("process", timings.process), ("upload", timings.upload)] {
                    if let value { fields["\(name)_seconds"] = "\(String(format: "%.2f", value))" }
                }
            }
        }
        metrics.job(outcome.name, seconds: seconds, bytesIn: bytesIn, bytesOut: bytesOut)
        switch outcome {
        case .completed:
            counts.withLock { $0.completed += 1 }
            log.info("job finished", metadata: fields)
        case .submitted(let report):
            counts.withLock { $0.submitted += 1 }
            fields["mediaconvert_job"] = "\(report.job?.id ?? "?")"
            log.info("job finished", metadata: fields)
        case .skipped(let reason):
            counts.withLock { $0.skipped += 1 }
            fields["reason"] = "\(reason)"
            log.info("job finished", metadata: fields)
        case .failed(let report):
            counts.withLock { $0.failed += 1 }
            fields["error"] = "\(report.error?.message ?? "?")"
            log.error("job finished: failed on the final attempt; metadata says FAILED", metadata: fields)
        }
        if let report = outcome.report {
            await notifications?.announce(report, bucket: configuration.destinationBucket)
        }
    }

    /// Output bytes a job wrote (the original is copied inside S3, not written by the worker).
    static func bytesWritten(_ report: DeliveryReport) -> Int64 {
        report.outputs.filter { $0.role != "original" }.reduce(0) { $0 + $1.bytes }
    }

    /// Runs `body` while extending the message's visibility every heartbeat interval.
    private func withHeartbeat<T: Sendable>(
        _ message: WorkMessage, log: Logger, _ body: @escaping @Sendable () async throws -> T, onCancel: @escaping @Sendable () -> Void
    ) async -> Result<T, any Error> {
        await withTaskCancellationHandler {
            await withTaskGroup(of: Result<T, any Error>?.self) { group in
                group.addTask {
                    do { return .success(try await body()) } catch { return .failure(error) }
                }
                if let interval = source.heartbeatInterval {
                    group.addTask { [source] in
                        while !Task.isCancelled {
                            try? await Task.sleep(for: interval)
                            if Task.isCancelled { break }
                            do { try await source.extend(message) } catch { log.warning("visibility heartbeat failed", metadata: ["error": "\(error)"]) }
                        }
                        return nil
                    }
                }
                var result: Result<T, any Error> = .failure(CancellationError())
                for await item in group {
                    if let item {
                        result = item
                        group.cancelAll()
                    }
                }
                return result
            }
        } onCancel: {
            onCancel()
        }
    }

    /// Settles a message even while the job's task is cancelled (shutdown).
    private func settle(_ log: Logger, _ body: @escaping @Sendable () async throws -> Void) async {
        let task = Task { try await body() }
        do {
            try await task.value
        } catch {
            log.error("cannot settle the message; the queue will hand it out again", metadata: ["error": "\(error)"])
        }
    }
}

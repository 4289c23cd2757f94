import Foundation
import Logging
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline

extension WorkerService {
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
        let result: Result<[UploadOutcome], any Error> = await MessageHeartbeat(source: source, clock: clock, logger: log).keepAlive(message) {
            var outcomes: [UploadOutcome] = []
            for event in events {
                outcomes.append(try await self.run(event, message: message, isFinal: isFinal, cancellation: cancellation, log: log))
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
            let deferrals = outcomes.compactMap { outcome -> Int? in
                if case .deferred(_, let seconds) = outcome { return seconds }
                return nil
            }
            if failures.isEmpty, let wait = deferrals.max() {
                // Back when the other worker's lease ends; the events done meanwhile are then
                // found COMPLETE and skipped.
                await settle(log) { try await self.source.retry(message, afterSeconds: wait) }
            } else if failures.isEmpty {
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

    /// One upload event of a message: run, measured and logged.
    private func run(_ event: UploadEvent, message: WorkMessage, isFinal: Bool, cancellation: MediaCancellation, log: Logger) async throws -> UploadOutcome {
        var log = log
        log[metadataKey: "key"] = "\(event.bucket)/\(event.key)"
        log[metadataKey: "event"] = "\(event.name)"
        log[metadataKey: "source"] = "\(event.origin.rawValue)"
        metrics.queueLatency(eventTime: event.time)
        metrics.jobStarted()
        defer { metrics.jobFinished() }
        let started = ContinuousClock.now
        log.info("job started", metadata: ["bytes": "\(event.size.map(String.init) ?? "?")", "etag": "\(event.etag ?? "?")"])
        let outcome: UploadOutcome
        do {
            outcome = try await runner.process(event, attempt: message.attempt, isFinalAttempt: isFinal, cancellation: cancellation)
        } catch {
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            let cancelled = cancellation.isCancelled || error is CancellationError
            metrics.job(cancelled ? "released" : "retried", seconds: seconds)
            log.info("job finished", metadata: ["outcome": "\(cancelled ? "released" : "retried")", "seconds": "\(String(format: "%.2f", seconds))"])
            throw error
        }
        await record(outcome, seconds: (ContinuousClock.now - started) / .seconds(1), log: log)
        return outcome
    }

    private func handle(_ change: JobStateChange, message: WorkMessage, log: Logger) async {
        guard let completions else {
            log.warning("a MediaConvert job state change arrived, but BACKEND is local; acknowledged", metadata: ["job": "\(change.job.id)"])
            await settle(log) { try await self.source.complete(message) }
            return
        }
        do {
            if let report = try await completions.complete(change) {
                log.info("MediaConvert job \(change.job.id) is \(change.job.status)", metadata: ["key": "\(report.input.key)", "status": "\(report.status.rawValue)"])
                if report.status == .complete || report.status == .failed {
                    metrics.job(report.status == .complete ? "completed" : "failed", bytesOut: Self.bytesWritten(report))
                    await notifications?.announce(report, bucket: configuration.destinationBucket)
                }
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

    /// Settles a message even while the job's task is cancelled (shutdown).
    func settle(_ log: Logger, _ body: @escaping @Sendable () async throws -> Void) async {
        let task = Task { try await body() }
        do {
            try await task.value
        } catch {
            log.error("cannot settle the message; the queue will hand it out again", metadata: ["error": "\(error)"])
        }
    }
}

import Foundation
public import Logging
public import MediaWorkerPipeline
public import ServiceLifecycle

/// Completion of MediaConvert jobs by polling GetJob (`MEDIACONVERT_POLL=true`), as a
/// service of its own beside the worker: it holds no job slot and no queue message. Every
/// `interval` it reads the ``SubmittedJobIndex`` in the delivery bucket, asks GetJob about
/// each entry, completes the job record of each job that ended and removes its entry. The
/// index lives in the bucket, so after a restart (of this worker or another) every job
/// still SUBMITTED is picked up again.
public struct MediaConvertPoller: Service {
    public let backend: MediaConvertBackend
    public let index: SubmittedJobIndex
    public let interval: Duration
    public let logger: Logger
    let notifications: JobNotifications?
    let clock: any Clock<Duration>

    public init(
        backend: MediaConvertBackend, index: SubmittedJobIndex, interval: Duration, logger: Logger, notifications: JobNotifications? = nil,
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.backend = backend
        self.index = index
        self.interval = interval
        self.logger = logger
        self.notifications = notifications
        self.clock = clock
    }

    public func run() async throws {
        logger.info("polling MediaConvert for submitted jobs", metadata: ["every_seconds": "\(interval.components.seconds)", "index": "s3://\(index.bucket)/\(SubmittedJobIndex.prefix)"])
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.pollAll()
                do { try await self.clock.sleep(for: self.interval) } catch { break }
            }
        }
    }

    /// One round over the index; errors are logged and the entry is tried again next round.
    public func pollAll() async {
        let entries: [SubmittedJobIndex.Entry]
        do {
            entries = try await index.entries()
        } catch {
            logger.warning("cannot read the submitted-jobs index; trying again next round", metadata: ["error": "\(error)"])
            return
        }
        for entry in entries {
            if Task.isCancelled { return }
            do {
                let (job, report) = try await backend.pollOnce(jobID: entry.jobID)
                guard job.isFinal else { continue }
                if let report {
                    logger.info("MediaConvert job \(entry.jobID) ended: \(job.status)", metadata: ["key": "\(report.input.key)", "status": "\(report.status.rawValue)"])
                    await notifications?.announce(report, bucket: index.bucket)
                } else {
                    logger.notice("MediaConvert job \(entry.jobID) ended, but no job record names it (replaced by a later upload?); dropping it from the index")
                }
                try await index.remove(jobID: entry.jobID)
            } catch {
                logger.warning("cannot poll MediaConvert job \(entry.jobID); trying again next round", metadata: ["error": "\(error)"])
            }
        }
    }
}

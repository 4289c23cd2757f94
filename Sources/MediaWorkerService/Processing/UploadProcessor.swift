import Foundation
public import Logging
public import MediaWorkerMedia
public import MediaWorkerPipeline
public import MediaWorkerS3
import MediaWorkerAWS

/// Turns one upload event into its outputs in the delivery bucket. It checks first that the
/// work is still wanted: the object must still exist with the event's ETag (else a newer
/// upload supersedes it), and the metadata JSON must not already say COMPLETE for that ETag
/// (duplicates are normal), nor come from a later event (by sequencer). Outputs are written
/// under deterministic keys, so a retried job yields one set; the metadata JSON goes last and
/// says COMPLETE only after every output is confirmed with HeadObject.
public struct UploadProcessor: Sendable {
    /// The watch and delivery buckets (S3, or the tests' in-memory store).
    public let store: any ObjectStore
    public let configuration: WorkerConfiguration
    public let router: UploadRouter
    public let work: WorkDirectory
    /// Written into the metadata's `worker` and `worker_version`.
    public let workerName: String
    public let workerVersion: String
    /// The pipeline options for the local engine (ladder, thumbnail, limits, template).
    public let options: @Sendable () -> PipelineOptions
    /// The backend for video: the local engine, or MediaConvert with `BACKEND=mediaconvert`.
    public let video: any UploadBackend
    /// The local engine, for everything that is not video (and video on the local backend).
    let local: LocalBackend
    /// The job records in the delivery bucket.
    public let records: S3JobRecordStore
    let delivery: SourceDelivery
    public let logger: Logger
    private let locks = KeyLocks()

    public init(
        store: any ObjectStore, configuration: WorkerConfiguration, workerName: String, workerVersion: String,
        options: @escaping @Sendable () -> PipelineOptions, video: (any UploadBackend)? = nil, logger: Logger
    ) {
        self.store = store
        self.configuration = configuration
        self.router = UploadRouter(watchPrefix: configuration.watchPrefix, processUnknownTypes: configuration.processUnknownTypes)
        self.work = WorkDirectory(root: configuration.work.directory, minimumFreeBytes: configuration.work.minimumFreeBytes)
        self.workerName = workerName
        self.workerVersion = workerVersion
        self.options = options
        self.logger = logger
        let records = S3JobRecordStore(store: store, bucket: configuration.destinationBucket) { location, error in
            logger.warning("unreadable metadata JSON; it will be replaced", metadata: ["key": "\(location)", "error": "\(error)"])
        }
        let delivery = SourceDelivery(store: store, destinationBucket: configuration.destinationBucket)
        self.records = records
        self.delivery = delivery
        let local = LocalBackend(
            store: store, work: work, workerID: configuration.workerID, workConfiguration: configuration.work, options: options, workerName: workerName,
            records: records, delivery: delivery)
        self.local = local
        self.video = video ?? local
    }

    /// Processes one event. Throws when the job should be retried (anything but its final
    /// attempt); on the final attempt a failure is written as FAILED and returned.
    public func process(_ event: UploadEvent, attempt: Int, isFinalAttempt: Bool, cancellation: MediaCancellation) async throws -> UploadOutcome {
        if let bucket = configuration.watchBucket, bucket != event.bucket {
            return .skipped("\(event.bucket) is not the watch bucket \(bucket)")
        }
        let route = router.route(event)
        if case .skip(let reason) = route { return .skipped(reason) }
        if let problem = KeySafety.problem(event.key) { return .skipped("refused \(event.key.debugDescription): \(problem)") }
        return try await locks.withLock(DeliveryLayout(key: event.key).metadata) {
            try await processCurrent(event, route: route, attempt: attempt, isFinalAttempt: isFinalAttempt, cancellation: cancellation)
        }
    }

    private func processCurrent(_ event: UploadEvent, route: UploadRoute, attempt: Int, isFinalAttempt: Bool, cancellation: MediaCancellation) async throws -> UploadOutcome {
        let source = S3Location(bucket: event.bucket, key: event.key)
        let head: S3ObjectInfo
        do {
            head = try await store.headObject(source)
        } catch let error as AWSServiceError where error.status == 404 {
            return .skipped("\(source) no longer exists (deleted after the event)")
        }
        if let etag = event.etag, SourceDelivery.sameETag(etag, head.etag) == false {
            return .skipped("\(source) was replaced after this event (ETag now \(head.etag), event \(etag)); the newer upload's event delivers it")
        }
        let layout = DeliveryLayout(key: event.key)
        let metadataLocation = records.location(upload: event.key)
        if let existing = try await records.read(upload: event.key) {
            if SourceDelivery.sameETag(existing.input.etag ?? "", head.etag) {
                if existing.status == .complete { return .skipped("duplicate: \(metadataLocation) already says COMPLETE for ETag \(head.etag)") }
                if existing.status == .submitted { return .skipped("duplicate: \(metadataLocation) already says SUBMITTED (MediaConvert job \(existing.job?.id ?? "?"))") }
            }
            if event.isNewer(thanSequencer: existing.input.sequencer) == false {
                return .skipped("stale: \(metadataLocation) comes from a later event (sequencer \(existing.input.sequencer ?? "") > \(event.sequencer ?? ""))")
            }
        }
        var report = DeliveryReport(
            status: .failed,
            input: .init(key: event.key, bytes: head.size, bucket: event.bucket, etag: head.etag, versionId: head.versionID ?? event.versionID),
            startedAt: Date(), worker: workerName)
        report.input.sequencer = event.sequencer
        report.input.event = event.name
        report.workerVersion = workerVersion
        report.attempt = attempt
        do {
            let upload = PreparedUpload(event: event, source: source, head: head, layout: layout, report: report, cancellation: cancellation)
            return try await (route == .video ? video : local).deliver(upload)
        } catch let error as WorkerError where error.code == .superseded {
            return .skipped(error.message)
        } catch {
            guard isFinalAttempt, !cancellation.isCancelled, !(error is CancellationError) else { throw error }
            report.status = .failed
            report.error = Self.failure(error)
            // The original is delivered even when its processing failed, so nothing is lost.
            if (try? await delivery.copyOriginal(source, head: head, layout: layout)) != nil {
                report.outputs = [.init(role: .original, path: layout.original, bytes: head.size)]
            }
            report.finishedAt = Date()
            report.timings = .init(total: report.finishedAt!.timeIntervalSince(report.startedAt))
            try await records.write(report)
            return .failed(report)
        }
    }

    static func failure(_ error: any Error) -> DeliveryReport.Failure {
        DeliveryReport.Failure(error)
    }
}

/// The local pipeline's failure, carried to the retry logic.
struct ProcessingFailure: Error, CustomStringConvertible, Sendable {
    var failure: DeliveryReport.Failure
    var description: String { "\(failure.code): \(failure.message)" }
}

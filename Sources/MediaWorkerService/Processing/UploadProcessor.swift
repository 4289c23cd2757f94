public import Foundation
public import Logging
public import MediaWorkerMedia
public import MediaWorkerPipeline
public import MediaWorkerS3
import MediaWorkerAWS
import MediaWorkerSupport

/// Turns one upload event into its outputs in the delivery bucket. It checks first that the
/// work is still wanted: the object must still exist with the event's ETag (else a newer
/// upload supersedes it), and the metadata JSON must not already say COMPLETE for that ETag
/// (duplicates are normal), nor come from a later event (by sequencer). Outputs are written
/// under deterministic keys, so a retried job yields one set; the metadata JSON goes last and
/// says COMPLETE only after every output is confirmed with HeadObject.
///
/// Across workers, a claim per upload (``ClaimStore``, conditional writes) lets one job at a
/// time write the outputs: a job that finds another's live claim is deferred; outputs go up
/// only while the claim is held, each stamped with its fencing token.
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
    /// The claims, `nil` with `CLAIMS=off`; switched off at startup (or at a job's first
    /// refused conditional write) when the store does not take conditional writes.
    public let claims: ClaimStore?
    let claimsEnabled = Locked(true)
    /// Times the claim's renewals.
    let clock: any Clock<Duration>

    public init(
        store: any ObjectStore, configuration: WorkerConfiguration, workerName: String, workerVersion: String,
        options: @escaping @Sendable () -> PipelineOptions, video: (any UploadBackend)? = nil, templates: TemplateSelection? = nil, logger: Logger,
        clock: any Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> Date = { Date() }
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
            store: store, work: work, workerID: configuration.workerID, workConfiguration: configuration.work, options: options, selection: templates, workerName: workerName,
            records: records, delivery: delivery)
        self.local = local
        self.video = video ?? local
        self.clock = clock
        self.claims =
            configuration.claims.mode == .off
            ? nil
            : ClaimStore(store: store, bucket: configuration.destinationBucket, owner: configuration.workerID, lease: configuration.claims.leaseSeconds, now: now)
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
        if let done = try await alreadyHandled(event, head: head) { return done }
        var lease: ClaimLease?
        if let claims, claimsEnabled.withLock({ $0 }) {
            switch try await claim(event, head: head, claims: claims, isFinalAttempt: isFinalAttempt) {
            case .proceed(let held): lease = held
            case .stop(let outcome): return outcome
            }
        }
        do {
            let outcome = try await processClaimed(event, route: route, source: source, head: head, lease: lease, attempt: attempt, isFinalAttempt: isFinalAttempt, cancellation: cancellation)
            await release(lease)
            return outcome
        } catch let error as ClaimError where error.code == .lost && isFinalAttempt {
            return .skipped(error.message)
        } catch {
            await release(lease)
            throw error
        }
    }

    private func processClaimed(
        _ event: UploadEvent, route: UploadRoute, source: S3Location, head: S3ObjectInfo, lease: ClaimLease?, attempt: Int, isFinalAttempt: Bool,
        cancellation: MediaCancellation
    ) async throws -> UploadOutcome {
        let layout = DeliveryLayout(key: event.key)
        let writer: any ObjectStore = lease.map { FencedStore(base: store, lease: $0, bucket: configuration.destinationBucket, recordKey: layout.metadata) } ?? store
        let records = self.records.with(store: writer)
        var report = DeliveryReport(
            status: .failed,
            input: .init(key: event.key, bytes: head.size, bucket: event.bucket, etag: head.etag, versionId: head.versionID ?? event.versionID),
            startedAt: Date(), worker: workerName)
        report.input.sequencer = event.sequencer
        report.input.event = event.name
        report.workerVersion = workerVersion
        report.attempt = attempt
        report.claim = lease.map { ClaimStamp(token: $0.token, owner: $0.claim.owner) }
        report.review = JobReview.required(for: event.key, prefixes: configuration.reviewPrefixes)
        do {
            if let rerun = event.rerun {
                report.rerun = rerun
                report.rerun?.replacedObjects = try await removeEarlierRun(upload: event.key, layout: layout, store: writer)
            }
            let upload = PreparedUpload(event: event, source: source, head: head, layout: layout, report: report, cancellation: cancellation, store: writer, claim: lease)
            let backend = route == .video ? video : local
            guard let lease, let claims else { return try await backend.deliver(upload) }
            let log = logger
            return try await lease.keepRenewed(every: .milliseconds(Int64(claims.lease * 1000 / 3)), clock: clock, onFailure: { error in
                log.warning("cannot renew the upload's claim", metadata: ["key": "\(event.key)", "error": "\(error)"])
            }) {
                try await backend.deliver(upload)
            }
        } catch let error as WorkerError where error.code == .superseded {
            return .skipped(error.message)
        } catch let error as ClaimError {
            throw error
        } catch {
            guard isFinalAttempt, !cancellation.isCancelled, !(error is CancellationError) else { throw error }
            report.status = .failed
            report.error = Self.failure(error)
            // The original is delivered even when its processing failed, so nothing is lost.
            if (try? await SourceDelivery(store: writer, destinationBucket: configuration.destinationBucket).copyOriginal(source, head: head, layout: layout)) != nil {
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

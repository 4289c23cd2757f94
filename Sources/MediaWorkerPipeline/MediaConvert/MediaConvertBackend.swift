public import Foundation
public import MediaWorkerJobs
public import MediaWorkerMedia
public import MediaWorkerS3
import MediaWorkerAWS

/// Runs templates on AWS Elemental MediaConvert: submits the planned job, records it as
/// `SUBMITTED` in the upload's metadata JSON, and completes that JSON when the job's state
/// change arrives (an EventBridge event through a queue) or when polling GetJob sees it end.
public struct MediaConvertBackend: Sendable {
    public let s3: S3Client
    public let mediaConvert: MediaConvertClient
    public let planner: JobPlanner
    public let deliveryBucket: String
    /// Written into the metadata's `worker`.
    public let worker: String
    public let clock: @Sendable () -> Date

    public init(
        s3: S3Client, mediaConvert: MediaConvertClient, planner: JobPlanner, deliveryBucket: String, worker: String,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.s3 = s3
        self.mediaConvert = mediaConvert
        self.planner = planner
        self.deliveryBucket = deliveryBucket
        self.worker = worker
        self.clock = clock
    }

    /// Plans and submits the job, then writes the `SUBMITTED` metadata JSON. Returns that report.
    /// `base` carries what the worker already delivered (thumbnail, original) and the input's
    /// event details; its outputs are kept on completion. With an `index`, the job is entered
    /// there before its record says SUBMITTED, so a poller always finds a submitted job.
    public func submit(
        template: JobTemplate, metadata: MediaMetadata, source: JobSource, bytes: Int64, base: DeliveryReport? = nil, index: SubmittedJobIndex? = nil
    ) async throws -> DeliveryReport {
        let started = clock()
        let destination = DeliveryLayout(key: source.key).jobDestination(bucket: deliveryBucket)
        let job = try planner.plan(template: template, metadata: metadata, source: source, destination: destination)
        let created = try await mediaConvert.createJob(job)
        if let index {
            try await index.add(.init(jobID: created.id, metadataKey: DeliveryLayout(key: source.key).metadata, submittedAt: clock()))
        }
        var report = base ?? DeliveryReport(
            status: .submitted,
            input: .init(key: source.key, bytes: bytes, bucket: source.bucket, etag: source.etag, versionId: source.versionID),
            startedAt: started, worker: worker)
        report.status = .submitted
        report.kind = metadata.kind.rawValue
        report.media = metadata
        var record = EncodingJob(
            backend: "mediaconvert", template: template.name, templateVersion: template.version,
            plannedKeys: job.playlists + job.outputs.map(\.key), dropped: job.dropped)
        record.id = created.id
        record.status = created.status
        record.clientRequestToken = job.clientRequestToken
        record.submittedAt = clock()
        report.job = record
        try await write(report)
        return report
    }

    /// Applies a job state change to the upload's metadata JSON. Returns the updated report,
    /// or `nil` when the event is not for a job media-worker recorded (another application's,
    /// or an older job of a re-uploaded file).
    @discardableResult
    public func complete(_ change: JobStateChange) async throws -> DeliveryReport? {
        guard let key = change.job.userMetadata["source_key"] else { return nil }
        guard var report = try await records.read(upload: key) else { return nil }
        if let short = try await completeShort(change, in: report) { return short }
        guard var record = report.job, record.id == change.job.id else { return nil }
        if report.status == .complete || report.status == .failed { return report }
        record.status = change.job.status
        guard change.job.isFinal else {
            report.job = record
            try await write(report)
            return report
        }
        record.finishedAt = change.time ?? clock()
        report.finishedAt = record.finishedAt
        if change.job.status == "COMPLETE" {
            // The worker's own outputs (thumbnail, original) stay; the job's are measured.
            report.outputs = report.outputs.filter { $0.role == .thumbnail || $0.role == .original }
                + (try await outputs(of: change.job, planned: record.plannedKeys))
            report.status = .complete
        } else {
            record.errorCode = change.job.errorCode
            record.errorMessage = change.job.errorMessage
            report.status = .failed
            report.error = .mediaConvert(jobID: change.job.id, status: change.job.status, errorCode: change.job.errorCode, errorMessage: change.job.errorMessage)
        }
        report.job = record
        try await write(report)
        return report
    }

    /// One GetJob: when the job has ended, completes the record as its state change event
    /// would and returns it; `nil` while it still runs. ``MediaConvertPoller`` calls this for
    /// every entry of the ``SubmittedJobIndex`` (deployments without EventBridge).
    public func pollOnce(jobID: String) async throws -> (job: MediaConvertJob, report: DeliveryReport?) {
        let job = try await mediaConvert.getJob(id: jobID)
        guard job.isFinal else { return (job, nil) }
        return (job, try await complete(JobStateChange(job: job, time: clock())))
    }

    /// The delivered outputs: each file's size from S3, its picture and duration from the job.
    private func outputs(of job: MediaConvertJob, planned: [String]) async throws -> [DeliveryReport.Output] {
        let details = job.outputGroupDetails.flatMap { $0 }
        var keys: [(key: String, detail: MediaConvertJob.OutputDetail?)] = []
        if details.contains(where: { !$0.paths.isEmpty }) {
            for detail in details { for path in detail.paths { keys.append((Self.key(of: path), detail)) } }
            keys = job.playlistPaths.map { (Self.key(of: $0), nil) } + keys
        } else {
            // GetJob gives no paths: the planned keys are the HLS playlists, then one per output detail.
            let playlists = max(0, planned.count - details.count)
            for (index, key) in planned.enumerated() {
                let detailIndex = index - playlists
                keys.append((key, detailIndex >= 0 && detailIndex < details.count ? details[detailIndex] : nil))
            }
        }
        var outputs: [DeliveryReport.Output] = []
        for (key, detail) in keys {
            let info = try await s3.headObject(S3Location(bucket: deliveryBucket, key: key))
            let duration = detail?.durationMilliseconds.map { Double($0) / 1000 }
            var bitrate = detail?.averageBitrate
            if bitrate == nil, let duration, duration > 0, !key.hasSuffix(".m3u8") { bitrate = Int(Double(info.size) * 8 / duration) }
            outputs.append(DeliveryReport.Output(
                role: key.hasSuffix(".m3u8") && detail == nil ? .playlist : .rendition, path: key, bytes: info.size,
                width: detail?.width, height: detail?.height, duration: duration, bitrate: bitrate))
        }
        return outputs
    }

    /// `s3://bucket/a/b.mp4` → `a/b.mp4`.
    static func key(of path: String) -> String {
        (try? S3Location(uri: path))?.key ?? path
    }

    /// The job records this backend reads and completes.
    public var records: S3JobRecordStore { S3JobRecordStore(store: s3, bucket: deliveryBucket) }

    private func write(_ report: DeliveryReport) async throws {
        try await records.write(report)
    }
}

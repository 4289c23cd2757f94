import Foundation
public import MediaWorkerJobs
public import MediaWorkerMedia
import MediaWorkerS3
public import MediaWorkerShorts

/// Shorts on MediaConvert: one job per short (``ShortJobs``), all recorded in the upload's
/// job record under `shorts[].job`; the record stays SUBMITTED until every short's job has
/// ended, then says COMPLETE with every short's video measured, or FAILED with the first
/// failed job's error.
extension MediaConvertBackend {
    /// Submits the shorts of `plan` and writes the SUBMITTED record. `base` carries what the
    /// worker delivered itself (original, thumbnail, the analysis artifacts).
    public func submitShorts(
        template: JobTemplate, metadata: MediaMetadata, source: JobSource, plan: ShortsPlan, base: DeliveryReport, index: SubmittedJobIndex? = nil
    ) async throws -> DeliveryReport {
        let layout = DeliveryLayout(key: source.key)
        let jobs = try ShortJobs.plan(
            template: template, metadata: metadata, source: source, plan: plan, bucket: deliveryBucket, base: layout.shortsBase, planner: planner)
        var report = base
        var shorts: [DeliveredShort] = []
        for short in jobs {
            let created = try await mediaConvert.createJob(short.job)
            if let index {
                try await index.add(.init(jobID: created.id, metadataKey: layout.metadata, submittedAt: clock()))
            }
            var record = EncodingJob(backend: "mediaconvert", template: template.name, templateVersion: template.version, plannedKeys: [short.key], dropped: short.job.dropped)
            record.id = created.id
            record.status = created.status
            record.clientRequestToken = short.job.clientRequestToken
            record.submittedAt = clock()
            var delivered = DeliveredShort(rank: short.rank, start: short.moment.start, end: short.moment.end, score: short.moment.score, signals: short.moment.signals, video: short.key)
            delivered.job = record
            delivered.inputs = short.inputs
            shorts.append(delivered)
        }
        report.status = .submitted
        report.kind = metadata.kind.rawValue
        report.media = metadata
        var summary = EncodingJob(backend: "mediaconvert", template: template.name, templateVersion: template.version, plannedKeys: jobs.map(\.key))
        summary.status = "SUBMITTED"
        summary.submittedAt = clock()
        report.job = summary
        report.shorts = shorts
        try await records.write(report)
        return report
    }

    /// Applies a state change of one short's job; `nil` when `report` has no such short job.
    func completeShort(_ change: JobStateChange, in report: DeliveryReport) async throws -> DeliveryReport? {
        guard var shorts = report.shorts, let index = shorts.firstIndex(where: { $0.job?.id == change.job.id }), var record = shorts[index].job else { return nil }
        var report = report
        if report.status == .complete || report.status == .failed { return report }
        record.status = change.job.status
        if change.job.isFinal {
            record.finishedAt = change.time ?? clock()
            if change.job.status != "COMPLETE" {
                record.errorCode = change.job.errorCode
                record.errorMessage = change.job.errorMessage
            }
        }
        shorts[index].job = record
        report.shorts = shorts
        let ended = shorts.compactMap(\.job).filter { ["COMPLETE", "ERROR", "CANCELED"].contains($0.status ?? "") }
        if ended.count == shorts.count {
            report.finishedAt = change.time ?? clock()
            report.job?.finishedAt = report.finishedAt
            if let failed = shorts.compactMap(\.job).first(where: { $0.status != "COMPLETE" }) {
                report.status = .failed
                report.job?.status = failed.status
                report.error = .mediaConvert(jobID: failed.id ?? "?", status: failed.status ?? "ERROR", errorCode: failed.errorCode, errorMessage: failed.errorMessage)
            } else {
                var outputs = report.outputs.filter { $0.role != .short }
                for short in shorts {
                    let info = try await s3.headObject(S3Location(bucket: deliveryBucket, key: short.video))
                    outputs.append(DeliveryReport.Output(role: .short, path: short.video, bytes: info.size, duration: short.end - short.start))
                }
                report.outputs = outputs
                report.status = .complete
                report.job?.status = "COMPLETE"
            }
        }
        try await records.write(report)
        return report
    }
}

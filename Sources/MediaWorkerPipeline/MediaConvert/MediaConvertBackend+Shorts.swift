import Foundation
public import MediaWorkerJobs
public import MediaWorkerMedia
import MediaWorkerAWS
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
            delivered.thumbnail = short.thumbnail
            delivered.capture = short.capture
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

    /// The short's picture: MediaConvert's second frame capture (the middle) copied to
    /// `<name>_short<N>.jpg`, both captures then deleted (again and again: a later try finds
    /// the copy); `nil` when the job wrote none (a short under two seconds has one capture only).
    private func picture(of short: DeliveredShort) async throws -> DeliveryReport.Output? {
        guard let capture = short.capture, let thumbnail = short.thumbnail else { return nil }
        let source = S3Location(bucket: deliveryBucket, key: capture)
        let target = S3Location(bucket: deliveryBucket, key: thumbnail)
        let info: S3ObjectInfo
        do {
            info = try await s3.copyObject(from: source, to: target, options: S3PutOptions(contentType: "image/jpeg"))
        } catch let error as AWSServiceError where error.status == 404 {
            // Copied by an earlier try whose record write failed, or never captured.
            guard let copied = try? await s3.headObject(target) else { return nil }
            info = copied
        }
        for key in [capture, capture.replacingOccurrences(of: ".0000001.jpg", with: ".0000000.jpg")] {
            try await s3.deleteObject(S3Location(bucket: deliveryBucket, key: key))
        }
        var output = DeliveryReport.Output(role: .shortThumbnail, path: thumbnail, bytes: info.size)
        output.contentType = "image/jpeg"
        return output
    }

    /// The shorts manifest beside the shorts (`<name>_shorts.json`), with the keys the local
    /// engine's has: each short's rank, range, score, signals and files; no duration, loudness
    /// or gain, which only the local engine measures. Written again on a later try.
    private func writeManifest(_ shorts: [DeliveredShort], key: String) async throws -> DeliveryReport.Output {
        let entries = shorts.map { short in
            var entry = short
            (entry.job, entry.inputs, entry.capture) = (nil, nil, nil)
            return entry
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let info = try await s3.putObject(
            S3Location(bucket: deliveryBucket, key: key), bytes: Array(try encoder.encode(entries)), options: S3PutOptions(contentType: "application/json"))
        var output = DeliveryReport.Output(role: .analysis, path: key, bytes: info.size)
        output.contentType = "application/json"
        return output
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
                // Every video is measured before anything is changed, so a missing one leaves
                // the captures for the next try.
                for short in shorts {
                    let info = try await s3.headObject(S3Location(bucket: deliveryBucket, key: short.video))
                    outputs.append(DeliveryReport.Output(role: .short, path: short.video, bytes: info.size, duration: short.end - short.start))
                }
                for index in shorts.indices {
                    let short = shorts[index]
                    if let picture = try await picture(of: short) {
                        outputs.append(picture)
                    } else {
                        shorts[index].thumbnail = nil
                    }
                    shorts[index].capture = nil
                }
                outputs.append(try await writeManifest(shorts, key: DeliveryLayout(key: report.input.key).shortsBase + "_shorts.json"))
                report.shorts = shorts
                report.outputs = outputs
                report.status = .complete
                report.job?.status = "COMPLETE"
            }
        }
        try await records.write(report)
        return report
    }
}

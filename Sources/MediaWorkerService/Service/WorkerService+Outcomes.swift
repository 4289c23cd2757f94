import Foundation
import Logging
import MediaWorkerPipeline

extension WorkerService {
    /// Counts, measures, logs and announces one job's outcome.
    func record(_ outcome: UploadOutcome, seconds: Double, log: Logger) async {
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
        case .deferred(let reason, let seconds):
            counts.withLock { $0.deferred += 1 }
            fields["reason"] = "\(reason)"
            fields["retry_after_seconds"] = "\(seconds)"
            log.info("job deferred: another worker holds the upload's claim", metadata: fields)
        case .failed(let report):
            counts.withLock { $0.failed += 1 }
            fields["error"] = "\(report.error?.message ?? "?")"
            log.error("job finished: failed on the final attempt; metadata says FAILED", metadata: fields)
        }
        // A job waiting for review is announced by the console when a reviewer approves it.
        if let report = outcome.report, report.status != .submitted, !(report.status == .complete && report.review?.state == .pending) {
            await notifications?.announce(report, bucket: configuration.destinationBucket)
        }
    }

    /// Output bytes a job wrote (the original is copied inside S3, not written by the worker).
    static func bytesWritten(_ report: DeliveryReport) -> Int64 {
        report.outputs.filter { $0.role != .original }.reduce(0) { $0 + $1.bytes }
    }
}

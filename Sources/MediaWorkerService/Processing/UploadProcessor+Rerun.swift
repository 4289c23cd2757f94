import MediaWorkerPipeline
import MediaWorkerS3

extension UploadProcessor {
    /// Whether a re-run message still needs its job, given the upload's record (same ETag):
    /// `nil` to run; a duplicate when the record is this re-run's and says COMPLETE or
    /// SUBMITTED; stale when the record comes from a re-run asked for later.
    static func rerunHandled(_ rerun: JobRerun, existing: DeliveryReport, location: String) -> UploadOutcome? {
        if existing.rerun?.id == rerun.id, existing.status == .complete || existing.status == .submitted {
            return .skipped("duplicate: \(location) already says \(existing.status.rawValue) for re-run \(rerun.id)")
        }
        if let later = existing.rerun?.requestedAt, let asked = rerun.requestedAt, existing.rerun?.id != rerun.id, later > asked {
            return .skipped("stale: \(location) comes from re-run \(existing.rerun?.id ?? "") asked for at \(later), after this one (\(asked))")
        }
        return nil
    }

    /// Deletes the objects of the upload's current record but the original and the record
    /// itself (a re-run replaces them with its own), manifests' segments included. Returns
    /// how many were deleted. Idempotent: a retried re-run finds them gone.
    func removeEarlierRun(upload key: String, layout: DeliveryLayout, store: any ObjectStore) async throws -> Int {
        guard let earlier = try await records.read(upload: key) else { return 0 }
        let bucket = configuration.destinationBucket
        let keys = try await JobObjects.keys(of: earlier, store: store, bucket: bucket)
        let doomed = keys.filter { $0 != layout.metadata && $0 != layout.original }
        for key in doomed {
            try await store.deleteObject(S3Location(bucket: bucket, key: key))
        }
        logger.info("re-run: the earlier run's objects deleted", metadata: ["key": "\(key)", "objects": "\(doomed.count)"])
        return doomed.count
    }
}

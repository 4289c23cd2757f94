import Logging
import MediaWorkerS3

/// The listing watcher's startup check of its store: a probe object in the delivery bucket
/// (`.media-worker.listing-probe.<run>.json`) created twice with `If-None-Match: *`. The
/// second must be refused, else the store ignores the condition and watchers sharing the
/// cursor could overwrite each other's changes (one watcher alone is still right: its
/// changes are made one after the other). A store that refuses the header stops the worker.
enum ListingWriteProbe {
    static func check(_ storage: any ListingBucket, bucket: String, run: String, logger: Logger) async throws {
        let probe = S3Location(bucket: bucket, key: ".media-worker.listing-probe.\(run).json")
        do {
            _ = try await storage.writeState(probe, bytes: Array("{}".utf8), ifMatch: nil)
        } catch {
            throw WorkerError(
                .queue,
                "cannot write \(probe) with If-None-Match: * (the listing cursor is written only conditionally): \(error); check the delivery bucket's permissions, or use a store that supports conditional writes",
                cause: error)
        }
        do {
            _ = try await storage.writeState(probe, bytes: Array("{}".utf8), ifMatch: nil)
            logger.warning(
                "the store ignores If-None-Match on PutObject: run only one listing watcher per prefix here, or concurrent watchers may lose each other's cursor changes",
                metadata: ["probe": "\(probe)"])
        } catch is ListingWriteConflict {
            // Refused, as it must be.
        } catch {
            logger.warning("the second conditional probe write failed", metadata: ["probe": "\(probe)", "error": "\(error)"])
        }
        try? await storage.removeObject(probe)
    }
}

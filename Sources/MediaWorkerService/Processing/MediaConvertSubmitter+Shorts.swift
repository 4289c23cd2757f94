import Foundation
import MediaWorkerAWS
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerJobs
import MediaWorkerShorts

/// Shorts on the MediaConvert backend: the worker analyses the upload itself (ranged reads
/// from S3, nothing downloaded whole), keeps the analysis under `analysis/<path>/<name>/`, then
/// submits one MediaConvert job per short (``MediaConvertBackend/submitShorts``).
extension MediaConvertSubmitter {
    /// `captions`: the caption file beside the upload, if any (``CaptionsBeside/find(_:in:)``).
    func analyseShorts(_ template: JobTemplate, reader: S3RangeReader, captions: S3Location?, folder: String, cancellation: MediaCancellation) async throws -> ShortsPlan {
        let parameters = try ShortsParameters(template: template)
        let file = captions.map { (folder as NSString).appendingPathComponent("captions." + ($0.key as NSString).pathExtension) }
        if let captions, let file { _ = try await backend.s3.download(captions, toFile: file) }
        let cues = try ShortsCaptions.cues(file)
        let limits = self.limits
        return try await withTaskCancellationHandler {
            try await BlockingWork.run("media-worker.shorts") {
                try ShortsPlanner.plan(.reader(reader), cues: cues, parameters: parameters, limits: limits, cancellation: cancellation)
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// Uploads the analysis artifacts through the job's store; returns them as outputs.
    func deliverAnalysis(_ plan: ShortsPlan, folder: String, layout: DeliveryLayout, upload: PreparedUpload, delivery: SourceDelivery) async throws -> [DeliveryReport.Output] {
        let local = (folder as NSString).appendingPathComponent("analysis")
        try ShortsPlanner.write(plan, to: local)
        var outputs: [DeliveryReport.Output] = []
        for name in ShortsArtifacts.names {
            let key = (layout.analysis as NSString).appendingPathComponent(name)
            let file = (local as NSString).appendingPathComponent(name)
            let location = S3Location(bucket: delivery.destinationBucket, key: key)
            let options = S3PutOptions(contentType: "application/json", cacheControl: SourceDelivery.revalidate)
            let info = upload.mayRepeat
                ? try await delivery.store.uploadUnlessStored(location, file: file, options: options).info
                : try await delivery.store.upload(location, file: file, options: options)
            var output = DeliveryReport.Output(role: .analysis, path: key, bytes: info.size)
            output.contentType = "application/json"
            output.checksumSha256 = info.checksumSHA256
            output.crc32c = info.checksumCRC32C
            outputs.append(output)
        }
        return outputs
    }
}

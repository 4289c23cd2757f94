import Foundation
import MediaWorkerAWS
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerSigning

/// The local engine as a backend: downloads the upload into a job folder, runs the
/// ``LocalPipeline`` there, uploads the outputs, copies the original inside S3, confirms
/// every output, then writes the job record.
struct LocalBackend: UploadBackend {
    var store: any ObjectStore
    let work: WorkDirectory
    let workerID: String
    let workConfiguration: WorkerConfiguration.Work
    let options: @Sendable () -> PipelineOptions
    /// Per-upload templates (routing rules, the metadata override); `nil`: always `options`'.
    let selection: TemplateSelection?
    let workerName: String
    var records: S3JobRecordStore
    var delivery: SourceDelivery
    /// Compare each output with what is stored before writing it (``PreparedUpload/mayRepeat``).
    var skipStored = false

    /// Writes through the upload's store (fenced by its claim, when claims are on).
    func deliver(_ upload: PreparedUpload) async throws -> UploadOutcome {
        var backend = self
        backend.store = upload.store
        backend.records = records.with(store: upload.store)
        backend.delivery = SourceDelivery(store: upload.store, destinationBucket: delivery.destinationBucket)
        backend.skipStored = upload.mayRepeat
        return .completed(
            try await backend.runLocally(source: upload.source, head: upload.head, layout: upload.layout, report: upload.report, cancellation: upload.cancellation))
    }

    /// Throws to retry.
    func runLocally(source: S3Location, head: S3ObjectInfo, layout: DeliveryLayout, report: DeliveryReport, cancellation: MediaCancellation) async throws -> DeliveryReport {
        let started = Date()
        let needed = Int64(Double(head.size) * workConfiguration.spaceFactor) + WorkDirectory.jobOverheadBytes
        let folder = try work.makeJobFolder(workerID: workerID, name: SourceDelivery.jobName(source, etag: head.etag), needed: needed)
        defer { work.remove(folder) }
        // The local file's name is derived, never taken from the key.
        let input = (folder as NSString).appendingPathComponent("source" + Self.safeExtension(layout.fileExtension))
        let downloaded = try await store.download(source, toFile: input)
        guard SourceDelivery.sameETag(downloaded.etag, head.etag) else {
            throw WorkerError(.superseded, "\(source) was replaced during the download (ETag \(head.etag) → \(downloaded.etag))")
        }
        let downloadedAt = Date()
        if cancellation.isCancelled { throw CancellationError() }

        let outputRoot = (folder as NSString).appendingPathComponent("out")
        var routedOptions = self.options()
        if let routed = try selection?.template(key: source.key, metadata: head.metadata, requested: report.rerun) { routedOptions.template = routed.template }
        // Caption files and MP3s are delivered without the template: its side inputs (a
        // watermark, a sidecar) are neither needed nor checked for them.
        if let template = routedOptions.template, Self.usesTemplate(MediaWorkerPipeline.MediaKind(fileName: source.key)) {
            if CaptionsBeside.wanted(by: template) {
                try await CaptionsBeside.download(source, from: store, as: (input as NSString).deletingPathExtension)
            }
            // Side inputs in S3 into the job folder: the pipeline's template names local files only.
            let values = JobPlanner.placeholderValues(
                source: JobSource(bucket: source.bucket, key: source.key, etag: head.etag), destination: layout.jobDestination(bucket: delivery.destinationBucket))
            routedOptions.template = try await SideInputs(store: store).localize(template, values: values, folder: folder)
        }
        let (options, name, key) = (routedOptions, workerName, source.key)
        let local = try await withTaskCancellationHandler {
            try await BlockingWork.run("media-worker.job") {
                LocalPipeline(options: options, worker: name).process(file: input, key: key, outputDirectory: outputRoot, copyOriginal: false, cancellation: cancellation)
            }
        } onCancel: {
            cancellation.cancel()
        }
        if cancellation.isCancelled { throw CancellationError() }
        guard local.status == .complete else {
            throw ProcessingFailure(failure: local.error ?? .init(.internal, message: "the pipeline ended as \(local.status.rawValue)"))
        }
        let processedAt = Date()
        try await delivery.checkStillCurrent(source, etag: head.etag)

        // Every file the pipeline made (HLS segments included), manifests last; the original is
        // copied inside S3. On a repeat, an output already stored with these exact bytes (an
        // earlier attempt's, a killed worker's) is left as it is: no second version.
        let uploaded = try await uploadOutputs(root: outputRoot)
        try await delivery.copyOriginal(source, head: head, layout: layout)

        var result = report
        result.kind = local.kind
        result.media = local.media
        result.captions = local.captions
        result.job = local.job
        result.shorts = local.shorts
        if result.review == nil { result.review = JobReview.required(byTemplate: options.template) }
        // The original was copied inside S3, not made by the pipeline: it leads the outputs.
        let original = DeliveryReport.Output(role: .original, path: layout.original, bytes: head.size)
        result.outputs = try await confirm([original] + local.outputs, uploaded: uploaded)
        result.status = .complete
        result.finishedAt = Date()
        result.timings = .init(
            download: downloadedAt.timeIntervalSince(started), process: processedAt.timeIntervalSince(downloadedAt),
            upload: result.finishedAt!.timeIntervalSince(processedAt), total: result.finishedAt!.timeIntervalSince(report.startedAt))
        try await delivery.checkStillCurrent(source, etag: head.etag)
        if let existing = try await records.read(upload: report.input.key), let sequencer = existing.input.sequencer,
            UploadEvent.isSequencer(report.input.sequencer, newerThan: sequencer) == false
        {
            throw WorkerError(.superseded, "a later event (sequencer \(sequencer)) delivered \(source.key) meanwhile; this older one is dropped")
        }
        try await records.write(result)
        return result
    }

    /// Whether an upload of this kind runs the template (video, and audio or unknown files
    /// whose probe may find video); captions, MP3s and partials never do.
    static func usesTemplate(_ kind: MediaWorkerPipeline.MediaKind) -> Bool {
        switch kind {
        case .captions, .mp3, .uploadPartial: false
        case .video, .audio, .other: true
        }
    }

    /// Each output confirmed with HeadObject: its size, content type and checksum as stored.
    func confirm(_ outputs: [DeliveryReport.Output], uploaded: [String: S3ObjectInfo]) async throws -> [DeliveryReport.Output] {
        var confirmed: [DeliveryReport.Output] = []
        for var output in outputs {
            let location = S3Location(bucket: delivery.destinationBucket, key: output.path)
            let info: S3ObjectInfo
            do {
                info = try await store.headObject(location)
            } catch let error as AWSServiceError where error.status == 404 {
                throw WorkerError(.delivery, "\(location) is missing after its upload; the job will be retried", cause: error)
            }
            output.bytes = info.size
            output.contentType = info.contentType
            output.checksumSha256 = uploaded[output.path]?.checksumSHA256 ?? info.checksumSHA256
            output.crc32c = uploaded[output.path]?.checksumCRC32C ?? S3Client.fullObjectCRC32C(info)
            confirmed.append(output)
        }
        return confirmed
    }

    /// `.mp4` for `mp4`; letters and digits only, at most 10, else nothing.
    static func safeExtension(_ ext: String) -> String {
        guard !ext.isEmpty, ext.count <= 10, ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return "" }
        return "." + ext
    }

    /// Regular files below `root`, as sorted relative paths.
    static func files(under root: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(relative), isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(relative)
            }
        }
        return files.sorted()
    }
}

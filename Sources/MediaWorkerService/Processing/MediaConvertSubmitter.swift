import Foundation
public import MediaWorkerJobs
public import MediaWorkerMedia
public import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerAWS
import MediaWorkerShorts

/// The MediaConvert path for video uploads: probe and thumbnail read straight from S3
/// (ranged GETs, nothing downloaded whole), the original copied inside S3, then the planned
/// job submitted; the job record says SUBMITTED until the job's state change (or the
/// ``MediaConvertPoller``, through the ``SubmittedJobIndex``) completes it.
public struct MediaConvertSubmitter: UploadBackend {
    public let backend: MediaConvertBackend
    /// The current template (reloaded on change and SIGHUP).
    public let template: @Sendable () throws -> JobTemplate
    public let thumbnail: ThumbnailOptions
    public let limits: MediaLimits
    let work: WorkDirectory
    let workerID: String
    let delivery: SourceDelivery
    /// Where submitted jobs are recorded for the poller (`MEDIACONVERT_POLL=true`); `nil` when
    /// state change events complete them.
    let index: SubmittedJobIndex?
    /// Per-upload templates (routing rules, the metadata override); `nil`: always `template`.
    let selection: TemplateSelection?

    public init(
        backend: MediaConvertBackend, template: @escaping @Sendable () throws -> JobTemplate, thumbnail: ThumbnailOptions, limits: MediaLimits,
        work: WorkDirectory, workerID: String, index: SubmittedJobIndex?, selection: TemplateSelection? = nil
    ) {
        self.selection = selection
        self.backend = backend
        self.template = template
        self.thumbnail = thumbnail
        self.limits = limits
        self.work = work
        self.workerID = workerID
        self.delivery = SourceDelivery(store: backend.s3, destinationBucket: backend.deliveryBucket)
        self.index = index
    }

    public func deliver(_ upload: PreparedUpload) async throws -> UploadOutcome {
        .submitted(try await submit(upload))
    }

    func submit(_ upload: PreparedUpload) async throws -> DeliveryReport {
        let (source, head, layout, report, cancellation) = (upload.source, upload.head, upload.layout, upload.report, upload.cancellation)
        // The thumbnail and the original go through the job's (fenced) store.
        let delivery = SourceDelivery(store: upload.store, destinationBucket: self.delivery.destinationBucket)
        let template = try selection?.template(key: source.key, metadata: head.metadata, requested: report.rerun)?.template ?? self.template()
        let reader = try await S3RangeReader.open(client: backend.s3, location: source)
        let folder = try work.makeJobFolder(workerID: workerID, name: SourceDelivery.jobName(source, etag: head.etag), needed: 32 << 20)
        defer { work.remove(folder) }
        let thumbnailFile = (folder as NSString).appendingPathComponent("thumbnail.jpg")
        let (limits, options) = (self.limits, self.thumbnail)
        let (metadata, picture) = try await withTaskCancellationHandler {
            try await BlockingWork.run("media-worker.probe") {
                let metadata = try MediaProber(limits: limits).probe(.reader(reader), cancellation: cancellation)
                let picture = try ThumbnailExtractor(options: options, limits: limits).extract(from: .reader(reader), to: thumbnailFile, cancellation: cancellation)
                return (metadata, picture)
            }
        } onCancel: {
            cancellation.cancel()
        }
        guard metadata.kind == .video else {
            throw MediaError(.unsupportedContent, "\(source.key) is named as video but holds \(metadata.kind.rawValue)", path: source.key)
        }
        let thumbnailLocation = S3Location(bucket: delivery.destinationBucket, key: layout.thumbnail)
        let thumbnailOptions = S3PutOptions(contentType: "image/jpeg", cacheControl: SourceDelivery.mediaCacheControl)
        let thumbnailInfo =
            upload.mayRepeat
            ? try await delivery.store.uploadUnlessStored(thumbnailLocation, file: thumbnailFile, options: thumbnailOptions).info
            : try await delivery.store.upload(thumbnailLocation, file: thumbnailFile, options: thumbnailOptions)
        try await delivery.copyOriginal(source, head: head, layout: layout)
        try await delivery.checkStillCurrent(source, etag: head.etag)
        var base = report
        if base.review == nil { base.review = JobReview.required(byTemplate: template) }
        base.kind = metadata.kind.rawValue
        var thumbnailOutput = DeliveryReport.Output(
            role: .thumbnail, path: layout.thumbnail, bytes: Int64(picture.bytes), width: picture.width, height: picture.height, time: picture.time)
        thumbnailOutput.checksumSha256 = thumbnailInfo.checksumSHA256
        thumbnailOutput.crc32c = thumbnailInfo.checksumCRC32C
        thumbnailOutput.contentType = "image/jpeg"
        base.outputs = [DeliveryReport.Output(role: .original, path: layout.original, bytes: head.size), thumbnailOutput]
        let captions = CaptionsBeside.wanted(by: template) ? try await CaptionsBeside.find(source, in: backend.s3) : nil
        let jobSource = JobSource(bucket: source.bucket, key: source.key, etag: head.etag, versionID: head.versionID, captionsURL: captions.map { "s3://\($0.bucket)/\($0.key)" })
        if ShortsJob.isShortsTemplate(template) {
            let plan = try await analyseShorts(template, reader: reader, captions: captions, folder: folder, cancellation: cancellation)
            base.outputs += try await deliverAnalysis(plan, folder: folder, layout: layout, upload: upload, delivery: delivery)
            try await upload.claim?.confirm()
            return try await backend.submitShorts(template: template, metadata: metadata, source: jobSource, plan: plan, base: base, index: index)
        }
        // MediaConvert's client writes the SUBMITTED record: the claim is confirmed just before.
        try await upload.claim?.confirm()
        let submitted = try await backend.submit(template: template, metadata: metadata, source: jobSource, bytes: head.size, base: base, index: index)
        return submitted
    }
}

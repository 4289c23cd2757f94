import Foundation
import Logging
import MediaWorkerJobs
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService

/// A worker in this process, in drain mode, over an in-memory store: the templates are read
/// from `folder` (`job.json` is the default), `routes` pick others by key. Each `drain` runs
/// one `WorkerService` until its fake queue is empty.
struct InProcessWorker {
    let store: InMemoryObjectStore
    let configuration: WorkerConfiguration
    let processor: UploadProcessor

    init(templates folder: String, workerID: String, routes: [TemplateRule] = [], store: InMemoryObjectStore = InMemoryObjectStore()) throws {
        let work = try TestTools.temporaryDirectory("mw-\(workerID)-work").path
        var configuration = WorkerConfiguration(queue: .sqs(url: "fake"), destinationBucket: "delivery", workDirectory: work, workerID: workerID)
        configuration.drain = true
        configuration.work.minimumFreeBytes = 0
        // A lease no slow CI run outlasts: these tests are about what is written, and a claim
        // that ran out because a busy machine starved its renewal retries the job (ClaimTests
        // cover leases and renewals with an injected clock).
        configuration.claims.leaseSeconds = 3600
        configuration.templateRouting = TemplateRouting(rules: routes)
        let templates = TemplateStore(directory: folder)
        var options = PipelineOptions()
        options.template = try templates.template(named: "job.json")
        self.store = store
        self.configuration = configuration
        processor = UploadProcessor(
            store: store, configuration: configuration, workerName: "media-worker test", workerVersion: "test", options: { [options] in options },
            templates: TemplateSelection(routing: configuration.templateRouting, store: templates), logger: Logger(label: "test"))
    }

    /// Runs a worker service on `source` until it is empty.
    func drain(_ source: FakeMessageSource, notifications: JobNotifications? = nil) async throws {
        let worker = WorkerService(
            source: source, runner: processor, space: processor.work, completions: nil, configuration: configuration, logger: Logger(label: "test"),
            notifications: notifications)
        try await worker.run()
    }

    /// Puts `bytes` at `key` of the watch bucket and queues its upload event as message `id`.
    @discardableResult
    func upload(_ key: String, bytes: [UInt8], metadata: [String: String] = [:], to source: FakeMessageSource, id: String) -> S3ObjectInfo {
        let info = store.put(S3Location(bucket: "watch", key: key), bytes: bytes, metadata: metadata)
        source.send(FakeEvents.upload(key, etag: info.etag), id: id)
        return info
    }
}

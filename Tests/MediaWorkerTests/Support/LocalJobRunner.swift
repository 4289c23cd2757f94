import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline

/// Plans a template for a local file (uploaded as `inputs/<its name>`) and runs it on the local
/// engine into a new folder, off the cooperative pool.
enum LocalJobRunner {
    static func run(_ template: JobTemplate, file: String, preset: String = "ultrafast") async throws -> (root: String, outputs: [LocalJobOutput]) {
        let name = (file as NSString).lastPathComponent
        let root = try TestTools.temporaryDirectory("mw-local-job").path
        let outputs = try await blocking { () throws -> [LocalJobOutput] in
            let metadata = try MediaProber().probe(.file(file))
            let job = try JobPlanner(submission: JobSubmission(role: "local")).plan(
                template: template, metadata: metadata, source: JobSource(bucket: "local", key: "inputs/\(name)", etag: ""),
                destination: DeliveryLayout(key: "inputs/\(name)").jobDestination(bucket: "local"))
            return try LocalJobExecutor(ladder: LadderOptions(preset: preset)).execute(job, template: template, file: file, outputRoot: root).outputs
        }
        return (root, outputs)
    }
}

import ArgumentParser
import Foundation
import MediaWorkerAWS
import MediaWorkerJobs
import MediaWorkerJSON
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerS3
import MediaWorkerService
import MediaWorkerSigning
import MediaWorkerSupport

/// `media-worker plan INPUT [--template T]`: the CreateJob request the worker would send.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the MediaConvert CreateJob request for an upload, exactly as it would be sent.",
        discussion: """
            Standard output is the request body with MediaConvert's wire names (--sdk: the SDK's names, \
            as `aws mediaconvert create-job --cli-input-json` takes them). Standard error names the \
            endpoint and the outputs left out. INPUT is a local file or s3://BUCKET/KEY (its ETag and \
            version id go into UserMetadata and the ClientRequestToken). Environment: \
            MEDIACONVERT_ROLE_ARN, MEDIACONVERT_QUEUE, MEDIACONVERT_PRIORITY, MEDIACONVERT_ACCELERATION, \
            MEDIACONVERT_STATUS_UPDATE_INTERVAL, MEDIACONVERT_ENDPOINT, APPLICATION_NAME, JOB_TEMPLATE (or \
            MEDIA_WORKER_TEMPLATE), MEDIA_WORKER_TEMPLATES, DESTINATION_BUCKET (or DELIVERY_BUCKET), WATCH_BUCKET, \
            WATCH_PREFIX, as `run` reads them.
            """)

    @Argument(help: "A local file or s3://BUCKET/KEY.")
    var input: String

    @Option(help: "The template file (default: $JOB_TEMPLATE, else job.json in $MEDIA_WORKER_TEMPLATES or job-templates).")
    var template: String?

    @Option(help: "For a local file, the upload key it stands for (default: $WATCH_PREFIX<file name>, inputs/<file name>).")
    var key: String?

    @OptionGroup var buckets: BucketOptions

    @Flag(help: "Print the SDK-shaped request (PascalCase) instead of the wire body.")
    var sdk = false

    @Flag(help: "Indent the JSON.")
    var pretty = false

    func run() async throws {
        let reader = ConfigReader.command(buckets.flags.merging(["JOB_TEMPLATE": template]) { $1 })
        let settings = try readSettings { () throws(WorkerConfigurationError) in try CommandSettings.plan(reader) }
        let environment = AWSEnvironment(reader: reader)
        try await reportingFailure {
            let jobTemplate = try JobTemplate.load(path: settings.templatePath)
            let bucket = settings.buckets.destinationBucket ?? ""
            if settings.roleMissing {
                FileHandle.standardError.write(Data("warning: MEDIACONVERT_ROLE_ARN is not set; the Role below is a placeholder\n".utf8))
            }
            let (source, metadata) = try await resolve(settings, environment)
            let planner = JobPlanner(submission: settings.submission)
            let job = try planner.plan(
                template: jobTemplate, metadata: metadata, source: source,
                destination: DeliveryLayout(key: source.key).jobDestination(bucket: bucket))
            var endpoint = "https://mediaconvert.\(environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1").amazonaws.com"
            if let configuration = try? AWSConfiguration(environment: environment) {
                endpoint = (try? MediaConvertClient.endpoint(environment: settings.mediaConvert, configuration: configuration).url) ?? endpoint
            }
            FileHandle.standardError.write(Data("POST \(endpoint)/2017-08-29/jobs\n".utf8))
            for reason in job.dropped { FileHandle.standardError.write(Data("left out \(reason)\n".utf8)) }
            for note in job.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
            let body = sdk ? job.request : MediaConvertWire.body(from: job.request)
            let text = JSONWriter.write(body, pretty: pretty)
            FileHandle.standardOutput.write(Data((pretty ? text : text + "\n").utf8))
        }
    }

    private func resolve(_ settings: CommandSettings.Plan, _ environment: AWSEnvironment) async throws -> (JobSource, MediaMetadata) {
        if input.hasPrefix("s3://") {
            let location = try S3Location(uri: input)
            let s3 = try S3Client.fromEnvironment(environment)
            let info = try await s3.headObject(location)
            let media = try await MediaInput.resolve(input)
            let metadata = try await runMediaWork("media-worker.probe") { try MediaProber().probe(media.source, cancellation: $0) }
            return (JobSource(bucket: location.bucket, key: location.key, etag: info.etag, versionID: info.versionID), metadata)
        }
        guard FileManager.default.isReadableFile(atPath: input) else { throw ValidationError("\(input) does not exist or cannot be read") }
        let path = input
        let size = ((try FileManager.default.attributesOfItem(atPath: path))[.size] as? NSNumber)?.int64Value ?? 0
        let (metadata, md5) = try await runMediaWork("media-worker.probe") { cancellation in
            // The single-part ETag S3 would give the file.
            (try MediaProber().probe(.file(path), cancellation: cancellation), Hex.encode(try FileHashing.digest(.md5, path: path, offset: 0, length: size)))
        }
        let key = key ?? settings.buckets.watchPrefix + (input as NSString).lastPathComponent
        return (JobSource(bucket: settings.buckets.watchBucket ?? "watch-bucket", key: key, etag: md5), metadata)
    }

}

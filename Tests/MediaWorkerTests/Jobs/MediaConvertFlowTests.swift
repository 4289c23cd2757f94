import Foundation
import Logging
import MediaWorkerAWS
import MediaWorkerJSON
import MediaWorkerJobs
import MediaWorkerPipeline
import MediaWorkerQueue
import MediaWorkerS3
import MediaWorkerService
import MediaWorkerSigning
import Testing

/// The stub MediaConvert endpoint (Tests/Helpers/mediaconvert_stub.py): it recomputes every
/// request's signature with botocore and validates CreateJob bodies against botocore's model.
struct MediaConvertStub: Sendable {
    static let credentials = AWSCredentials(accessKeyID: "AKIDMEDIACONVERTSTUB", secretAccessKey: "stub/secret+key")
    let server: ManagedServer

    /// Starts a stub that accepts `credentials` (by default the stub's own) in `region`.
    static func start(credentials: AWSCredentials = Self.credentials, region: String = "us-west-2") throws -> MediaConvertStub {
        let port = ManagedServer.freePort()
        let server = try ManagedServer(
            name: "mediaconvert-stub",
            command: [try TestTools.python(), TestTools.helper("mediaconvert_stub.py"), String(port), credentials.accessKeyID, credentials.secretAccessKey, region],
            port: port, timeout: 600, ready: { ManagedServer.isListening($0) })
        return MediaConvertStub(server: server)
    }

    func client(credentials: AWSCredentials = Self.credentials) throws -> MediaConvertClient {
        let aws = try makeClient(endpoint: server.endpoint, credentials: credentials, region: "us-west-2")
        return MediaConvertClient(aws: aws, endpoint: AWSEndpoint(url: server.endpoint, isCustom: false))
    }

    /// What the stub received.
    func requests() async throws -> [[String: Any]] {
        let result = try await ProcessRunner.run("/usr/bin/curl", ["-s", server.endpoint + "/_stub/requests"])
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }
}

@Suite("MediaConvert: signed CreateJob and GetJob, SUBMITTED metadata, completion by queue events and by polling")
struct MediaConvertFlowTests {
    struct Setup {
        let stub: MediaConvertStub
        let backend: MediaConvertBackend
        let s3: S3Client
        let sqs: SQSClient
        let bucket: String
        let queue: String
    }

    static func setup(role: String = PlannerTests.submission.role) async throws -> Setup {
        let stub = try await blocking { try MediaConvertStub.start() }
        let moto = try await SharedServers.shared.motoWithAuth()
        let aws = try makeClient(endpoint: moto.endpoint, credentials: moto.credentials)
        let s3 = S3Client(aws: aws)
        let sqs = SQSClient(aws: aws)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let bucket = "delivery-\(suffix)"
        try await s3.createBucket(bucket)
        let queue = try await sqs.createQueue(name: "mediaconvert-events-\(suffix)")
        let backend = MediaConvertBackend(
            s3: s3, mediaConvert: try stub.client(), planner: JobPlanner(submission: JobSubmission(role: role, application: "media-worker test")),
            deliveryBucket: bucket, worker: "media-worker test")
        return Setup(stub: stub, backend: backend, s3: s3, sqs: sqs, bucket: bucket, queue: queue)
    }

    static func event(_ report: DeliveryReport, status: String, bucket: String, details: String = "") -> String {
        let job = report.job!
        let metadata = "{\"source_key\": \"\(report.input.key)\", \"application\": \"media-worker test\"}"
        var detail = "\"status\": \"\(status)\", \"jobId\": \"\(job.id!)\", \"userMetadata\": \(metadata), \"timestamp\": 1700000000000, \"accountId\": \"111122223333\", \"queue\": \"arn:aws:mediaconvert:us-west-2:111122223333:queues/Default\""
        if status == "ERROR" {
            detail += ", \"errorCode\": 1030, \"errorMessage\": \"Video codec [indeo4] is not a supported input video codec\""
        } else {
            detail += ", \"outputGroupDetails\": [{\"outputDetails\": [\(details)], \"type\": \"FILE_GROUP\"}]"
        }
        return """
            {"version": "0", "id": "\(UUID().uuidString)", "detail-type": "MediaConvert Job State Change", "source": "aws.mediaconvert",
             "account": "111122223333", "time": "2026-11-21T10:00:00Z", "region": "us-west-2",
             "resources": ["arn:aws:mediaconvert:us-west-2:111122223333:jobs/\(job.id!)"], "detail": {\(detail)}}
            """
    }

    /// Receives one message, completes it, deletes it: what the worker does with job events.
    static func consume(_ setup: Setup) async throws -> DeliveryReport? {
        let messages = try await setup.sqs.receiveMessages(queueURL: setup.queue, maxMessages: 1, waitSeconds: 5)
        let message = try #require(messages.first)
        let change = try #require(JobStateChange.decode(message.body))
        let report = try await setup.backend.complete(change)
        try await setup.sqs.deleteMessage(queueURL: setup.queue, receiptHandle: message.receiptHandle)
        return report
    }

    static func stored(_ setup: Setup, _ key: String) async throws -> DeliveryReport {
        try DeliveryReport.decode(Data(try await setup.s3.getObjectBytes(S3Location(bucket: setup.bucket, key: key))))
    }

    @Test("submit records SUBMITTED; a COMPLETE event through the queue completes it; an ERROR event fails the other")
    func eventFlow() async throws {
        let setup = try await Self.setup()
        let template = try TemplateTests.shipped("job.json")
        let metadata = try await PlanningSources.shared.metadata("720p")
        let source = PlannerTests.source("720p")
        let submitted = try await setup.backend.submit(template: template, metadata: metadata, source: source, bytes: 4242)
        #expect(submitted.status == .submitted)
        let jobID = try #require(submitted.job?.id)
        let stored = try await Self.stored(setup, "json/show/720p.json")
        #expect(stored.status == .submitted)
        #expect(stored.job?.id == jobID)
        #expect(stored.job?.plannedKeys == ["audiovideo/show/720p_720p.mp4", "audiovideo/show/720p_480p.mp4", "audiovideo/show/720p_360p.mp4"])
        #expect(stored.input.etag == "9b2cf535f27731c974343645a3985328")

        // The same upload again: the ClientRequestToken returns the job already created.
        let again = try await setup.backend.submit(template: template, metadata: metadata, source: source, bytes: 4242)
        #expect(again.job?.id == jobID)

        // The body the stub received is the planner's wire body, byte for byte in meaning.
        let planned = try JobPlanner(submission: PlannerTests.submission).plan(
            template: template, metadata: metadata, source: source, destination: DeliveryLayout(key: source.key).jobDestination(bucket: setup.bucket))
        let creates = try await setup.stub.requests().filter { $0["operation"] as? String == "CreateJob" }
        #expect(creates.count == 2)
        let sent = try #require(creates.first?["body"] as? [String: Any])
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(planned.wireBody.utf8)) as? [String: Any])
        #expect(NSDictionary(dictionary: sent) == NSDictionary(dictionary: expected))

        // MediaConvert writes the outputs; the event names them.
        var details: [String] = []
        for (index, key) in stored.job!.plannedKeys.enumerated() {
            _ = try await setup.s3.putObject(S3Location(bucket: setup.bucket, key: key), bytes: Array(repeating: UInt8(index), count: 1000 * (index + 1)))
            let size = [(1280, 720), (854, 480), (640, 360)][index]
            details.append("{\"outputFilePaths\": [\"s3://\(setup.bucket)/\(key)\"], \"durationInMs\": 8000, \"videoDetails\": {\"widthInPx\": \(size.0), \"heightInPx\": \(size.1)\(index == 0 ? ", \"averageBitrate\": 2900000" : "")}}")
        }
        try await setup.sqs.sendMessage(queueURL: setup.queue, body: Self.event(stored, status: "COMPLETE", bucket: setup.bucket, details: details.joined(separator: ",")))
        let completed = try #require(try await Self.consume(setup))
        #expect(completed.status == .complete)
        #expect(completed.job?.status == "COMPLETE")
        #expect(completed.outputs.map(\.path) == stored.job!.plannedKeys)
        #expect(completed.outputs.map(\.bytes) == [1000, 2000, 3000])
        #expect(completed.outputs.map(\.width) == [1280, 854, 640])
        #expect(completed.outputs.map(\.duration) == [8, 8, 8])
        #expect(completed.outputs.map(\.bitrate) == [2_900_000, 2000, 3000])
        let final = try await Self.stored(setup, "json/show/720p.json")
        #expect(final.status == .complete)
        #expect(final.job?.finishedAt != nil)
        let local = try TestTools.temporaryDirectory("mw-mc-json").appendingPathComponent("720p.json")
        try final.encoded().write(to: local)
        let schema = Fixtures.repositoryRoot.appendingPathComponent("schemas/delivery-metadata.v1.schema.json").path
        let check = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("validate_schema.py"), schema, local.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        // A second upload whose job fails: the ERROR event's code and message reach the metadata.
        let brokenSource = JobSource(bucket: "watch", key: "inputs/show/broken.mp4", etag: "abc")
        let broken = try await setup.backend.submit(template: template, metadata: metadata, source: brokenSource, bytes: 10)
        try await setup.sqs.sendMessage(queueURL: setup.queue, body: Self.event(broken, status: "ERROR", bucket: setup.bucket))
        let failed = try #require(try await Self.consume(setup))
        #expect(failed.status == .failed)
        #expect(failed.job?.errorCode == 1030)
        #expect(failed.error?.code == .mediaconvertError)
        #expect(failed.error?.cause == "1030")
        #expect(failed.error?.message.contains("Video codec [indeo4] is not a supported input video codec") == true)
        #expect(try await Self.stored(setup, "json/show/broken.json").status == .failed)

        // A repeated event changes nothing; an event for an unknown job is ignored.
        let late = try #require(JobStateChange.decode(Self.event(stored, status: "ERROR", bucket: setup.bucket)))
        let repeated = try await setup.backend.complete(late)
        #expect(repeated?.status == .complete)
        #expect(JobStateChange.decode("{\"detail-type\": \"Object Created\"}") == nil)
    }

    @Test("without events, the poller completes the metadata from the submitted-jobs index; errors carry MediaConvert's message")
    func pollingAndErrors() async throws {
        let setup = try await Self.setup()
        let template = try TemplateTests.shipped("job.json")
        let metadata = try await PlanningSources.shared.metadata("360p")
        let source = PlannerTests.source("360p")
        let index = SubmittedJobIndex(s3: setup.s3, bucket: setup.bucket)
        let submitted = try await setup.backend.submit(template: template, metadata: metadata, source: source, bytes: 1, index: index)
        let key = try #require(submitted.job?.plannedKeys.first)
        _ = try await setup.s3.putObject(S3Location(bucket: setup.bucket, key: key), bytes: Array(repeating: 7, count: 5000))
        let jobID = try #require(submitted.job?.id)
        #expect(try await index.entries().map(\.jobID) == [jobID], "entered before the record said SUBMITTED")
        let poller = MediaConvertPoller(backend: setup.backend, index: index, interval: .seconds(3600), logger: Logger(label: "test"))
        await poller.pollAll()
        #expect(try await setup.backend.records.read(upload: source.key)?.status == .submitted, "the first GetJob sees PROGRESSING")
        #expect(try await index.entries().count == 1)
        await poller.pollAll()
        #expect(try await index.entries().isEmpty, "an ended job leaves the index")
        let done = try #require(try await setup.backend.records.read(upload: source.key))
        #expect(done.status == .complete)
        #expect(done.outputs.map(\.path) == [key])
        #expect(done.outputs.first?.bytes == 5000)
        #expect(done.outputs.first?.width == 640 && done.outputs.first?.height == 360)
        #expect(done.outputs.first?.bitrate == 5000)
        let gets = try await setup.stub.requests().filter { $0["operation"] as? String == "GetJob" }
        #expect(gets.count >= 2, "the first poll sees PROGRESSING")

        // A BadRequest names the field.
        let badRole = MediaConvertBackend(
            s3: setup.s3, mediaConvert: try setup.stub.client(),
            planner: JobPlanner(submission: JobSubmission(role: "arn:aws:iam::111122223333:role/bad-role")), deliveryBucket: setup.bucket, worker: "test")
        do {
            _ = try await badRole.submit(template: template, metadata: metadata, source: source, bytes: 1)
            Issue.record("a bad role was accepted")
        } catch let error as AWSServiceError {
            #expect(error.code == "BadRequestException")
            #expect(error.status == 400)
            #expect(error.message.contains("/role"), "\(error)")
        }
        // A wrong secret: the stub's botocore check refuses the signature.
        let wrong = MediaConvertBackend(
            s3: setup.s3, mediaConvert: try setup.stub.client(credentials: AWSCredentials(accessKeyID: MediaConvertStub.credentials.accessKeyID, secretAccessKey: "wrong")),
            planner: JobPlanner(submission: PlannerTests.submission), deliveryBucket: setup.bucket, worker: "test")
        do {
            _ = try await wrong.submit(template: template, metadata: metadata, source: source, bytes: 1)
            Issue.record("a wrong secret was accepted")
        } catch let error as AWSServiceError {
            #expect(error.code == "InvalidSignatureException")
            #expect(error.status == 403)
        }
    }
}

import Foundation
import MediaWorkerPipeline
import Testing

/// localstack/init/ready.d/10-media-worker.sh, run on the host against LocalStack with the
/// AWS CLI (as LocalStack runs it with awslocal): twice, to show it is idempotent, then a
/// worker delivers an upload through the resources it made.
@Suite("LocalStack ready hook")
struct LocalStackHookTests {
    @Test("The hook makes buckets, queues and the notification; a worker delivers through them")
    func hook() async throws {
        let localstack = try await SharedServers.shared.localStack()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let names = ["WATCH_BUCKET": "hook-watch-\(suffix)", "DESTINATION_BUCKET": "hook-out-\(suffix)", "QUEUE_NAME": "hook-\(suffix)", "MAX_RECEIVE_COUNT": "2"]
        let aws = TestTools.venv.appendingPathComponent("bin/aws").path
        let environment = WorkerStack.baseEnvironment(endpoint: localstack.endpoint, credentials: LocalStackServer.credentials, home: NSTemporaryDirectory())
            .merging(names) { $1 }.merging(["AWS_CMD": "\(aws) --endpoint-url \(localstack.endpoint)"]) { $1 }
        let script = Fixtures.repositoryRoot.appendingPathComponent("localstack/init/ready.d/10-media-worker.sh").path
        for _ in 0..<2 {
            let run = try await ProcessRunner.run("/bin/bash", [script], environment: environment)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        }
        let url = try await ProcessRunner.run(aws, ["--endpoint-url", localstack.endpoint, "sqs", "get-queue-url", "--queue-name", "hook-\(suffix)", "--query", "QueueUrl", "--output", "text"], environment: environment)
        let queueURL = url.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(queueURL.hasSuffix("hook-\(suffix)"))
        let attributes = try await ProcessRunner.run(aws, ["--endpoint-url", localstack.endpoint, "sqs", "get-queue-attributes", "--queue-url", queueURL, "--attribute-names", "All"], environment: environment)
        #expect(attributes.stdout.contains("maxReceiveCount") && attributes.stdout.contains("hook-\(suffix)-dlq"))

        let work = try TestTools.temporaryDirectory("mw-hook")
        let stack = WorkerStack(
            endpoint: localstack.endpoint, credentials: LocalStackServer.credentials, watch: names["WATCH_BUCKET"]!, delivery: names["DESTINATION_BUCKET"]!,
            queueURL: queueURL, deadLetterURL: "", work: work)
        try await stack.upload(try await MediaCorpus.shared.path("audio.wav"), key: "inputs/hook/tone.wav")
        let drain = try await stack.drain()
        #expect(drain.status == 0, "\(drain.stderr.suffix(2000))")
        #expect(try await stack.keys() == ["audiovideo/hook/tone.m4a", "json/hook/tone.json", "original/hook/tone.wav"])
        #expect(try await stack.report("json/hook/tone.json").status == .complete)
    }
}

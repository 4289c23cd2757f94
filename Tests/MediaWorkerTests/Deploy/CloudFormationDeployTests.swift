import Foundation
import MediaWorkerPipeline
import MediaWorkerService
import Testing

/// infra/cloudformation/media-worker.yaml deployed into LocalStack with the AWS CLI, then the
/// worker run against the resources the stack made: uploads are delivered, `/metrics` counts
/// them, the SNS topic's subscriber and a signed webhook hear of them, and the logs are JSON.
/// LocalStack's CloudFormation does not apply lifecycle rules: those are put through the S3
/// API here, to show that S3 accepts them as the template states them.
@Suite("CloudFormation stack on LocalStack", .serialized)
struct CloudFormationDeployTests {
    struct Deployment {
        let localstack: LocalStackServer
        let outputs: [String: String]
        let environment: [String: String]
        let aws: String

        func cli(_ arguments: [String]) async throws -> String {
            let result = try await ProcessRunner.run(aws, ["--endpoint-url", localstack.endpoint, "--output", "json"] + arguments, environment: environment)
            guard result.status == 0 else { throw TestTools.Missing(description: "aws \(arguments.joined(separator: " ")) failed: \(result.stderr)") }
            return result.stdout
        }

        func json(_ arguments: [String]) async throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(try await cli(arguments).utf8)) as? [String: Any] ?? [:]
        }
    }

    static func deploy() async throws -> Deployment {
        let localstack = try await blocking { try SharedServers.startLocalStack(services: "s3,sqs,sns,cloudformation,iam,sts,events,cloudwatch") }
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let aws = TestTools.venv.appendingPathComponent("bin/aws").path
        let environment = WorkerStack.baseEnvironment(endpoint: localstack.endpoint, credentials: LocalStackServer.credentials, home: NSTemporaryDirectory())
        let template = Fixtures.repositoryRoot.appendingPathComponent("infra/cloudformation/media-worker.yaml").path
        let stack = "mw-\(suffix)"
        let deploy = try await ProcessRunner.run(aws, [
            "--endpoint-url", localstack.endpoint, "cloudformation", "deploy", "--stack-name", stack, "--template-file", template,
            "--capabilities", "CAPABILITY_IAM", "--parameter-overrides", "WatchBucketName=cfn-watch-\(suffix)", "DeliveryBucketName=cfn-out-\(suffix)",
            "QueueName=cfn-\(suffix)", "MaxReceiveCount=2", "VisibilityTimeout=60", "DeployService=false",
        ], environment: environment)
        let deployment = Deployment(localstack: localstack, outputs: [:], environment: environment, aws: aws)
        guard deploy.status == 0 else {
            let events = try? await deployment.cli(["cloudformation", "describe-stack-events", "--stack-name", stack])
            throw TestTools.Missing(description: "deploy failed: \(deploy.stdout)\(deploy.stderr)\n\(events ?? "")")
        }
        let described = try await deployment.json(["cloudformation", "describe-stacks", "--stack-name", stack])
        let first = (described["Stacks"] as? [[String: Any]])?.first ?? [:]
        #expect(first["StackStatus"] as? String == "CREATE_COMPLETE")
        var outputs: [String: String] = [:]
        for output in first["Outputs"] as? [[String: Any]] ?? [] {
            if let key = output["OutputKey"] as? String, let value = output["OutputValue"] as? String { outputs[key] = value }
        }
        return Deployment(localstack: localstack, outputs: outputs, environment: environment, aws: aws)
    }

    @Test("The stack deploys; a worker on its resources delivers, is counted on /metrics, notifies SNS and a signed webhook")
    func deployAndRun() async throws {
        let deployment = try await Self.deploy()
        defer { deployment.localstack.server.stop() }
        let outputs = deployment.outputs
        let watch = try #require(outputs["WatchBucket"])
        let delivery = try #require(outputs["DeliveryBucket"])
        let queueURL = try #require(outputs["QueueUrl"])
        for name in ["QueueArn", "DeadLetterQueueUrl", "MediaConvertRoleArn", "TaskRoleArn", "JobEventsTopicArn", "AlertTopicArn", "MediaConvertStateRuleArn"] {
            #expect(outputs[name] != nil, "no output \(name)")
        }

        // What the stack made, read back through the service APIs.
        let notification = try await deployment.json(["s3api", "get-bucket-notification-configuration", "--bucket", watch])
        let queues = try #require(notification["QueueConfigurations"] as? [[String: Any]])
        #expect(queues.count == 1)
        #expect(queues.first?["Events"] as? [String] == ["s3:ObjectCreated:*"])
        #expect(queues.first?["QueueArn"] as? String == outputs["QueueArn"])
        let filter = "\(queues.first?["Filter"] ?? "")"
        #expect(filter.contains("inputs/"))
        let attributes = try #require(try await deployment.json(["sqs", "get-queue-attributes", "--queue-url", queueURL, "--attribute-names", "All"])["Attributes"] as? [String: String])
        #expect(attributes["VisibilityTimeout"] == "60")
        let redriveText = try #require(attributes["RedrivePolicy"])
        let redrive = try #require(try JSONSerialization.jsonObject(with: Data(redriveText.utf8)) as? [String: Any])
        #expect("\(redrive["maxReceiveCount"] ?? "")" == "2")
        let policy = try #require(attributes["Policy"])
        let ruleARN = try #require(outputs["MediaConvertStateRuleArn"])
        for condition in ["aws:SourceArn", "aws:SourceAccount", "arn:aws:s3:::\(watch)", ruleARN, "events.amazonaws.com"] {
            #expect(policy.contains(condition), "the queue policy lacks \(condition)")
        }
        let block = try await deployment.json(["s3api", "get-public-access-block", "--bucket", watch])
        let blocked = block["PublicAccessBlockConfiguration"] as? [String: Any] ?? [:]
        for setting in ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"] {
            #expect(blocked[setting] as? Bool == true, "\(setting) is not on: \(block)")
        }
        let alarms = try #require(try await deployment.json(["cloudwatch", "describe-alarms"])["MetricAlarms"] as? [[String: Any]])
        let metrics = Set(alarms.compactMap { $0["MetricName"] as? String })
        #expect(metrics.isSuperset(of: ["ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage"]))
        let ruleName = try #require(outputs["MediaConvertStateRuleArn"]?.split(separator: "/").last.map(String.init))
        let rule = try await deployment.json(["events", "describe-rule", "--name", ruleName])
        #expect((rule["EventPattern"] as? String)?.contains("MediaConvert Job State Change") == true)

        // The lifecycle rules as the template states them, accepted by S3.
        let rules = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("check_infra.py"), "lifecycle", Fixtures.repositoryRoot.path])
        _ = try await deployment.cli(["s3api", "put-bucket-lifecycle-configuration", "--bucket", watch, "--lifecycle-configuration", rules.stdout])
        let lifecycle = try #require(try await deployment.json(["s3api", "get-bucket-lifecycle-configuration", "--bucket", watch])["Rules"] as? [[String: Any]])
        #expect(Set(lifecycle.compactMap { $0["ID"] as? String }) == ["expire-inputs", "abort-incomplete-multipart"])

        // Listeners for the notifications: a queue subscribed to the stack's topic, and a webhook receiver.
        let work = try TestTools.temporaryDirectory("mw-cfn")
        let stack = WorkerStack(
            endpoint: deployment.localstack.endpoint, credentials: LocalStackServer.credentials, watch: watch, delivery: delivery, queueURL: queueURL,
            deadLetterURL: outputs["DeadLetterQueueUrl"] ?? "", work: work)
        let heard = try await stack.boto(["sqs-create", "heard-\(UUID().uuidString.prefix(8))"]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await stack.boto(["sns-subscribe", try #require(outputs["JobEventsTopicArn"]), heard])
        let received = work.appendingPathComponent("webhook.jsonl")
        let receiver = try await ManagedServer.webhookReceiver(recording: received)
        let hookPort = receiver.port
        defer { receiver.stop() }

        let statusPort = ManagedServer.freePort()
        let secret = "whsec-\(UUID().uuidString)"
        let worker = try await stack.start([
            "HTTP_LISTEN": "127.0.0.1:\(statusPort)", "LOG_FORMAT": "json", "VISIBILITY_TIMEOUT": "60",
            "NOTIFY_SNS_TOPIC_ARN": try #require(outputs["JobEventsTopicArn"]),
            "NOTIFY_WEBHOOK_URL": "http://127.0.0.1:\(hookPort)/jobs", "NOTIFY_WEBHOOK_SECRET": secret,
        ], name: "cfn-worker")
        defer { worker.signal(SIGKILL) }
        let status = "http://127.0.0.1:\(statusPort)"
        #expect(try await RunningWorker.wait(600) { try await Self.get("\(status)/readyz").status == 200 }, "\(worker.log.suffix(2000))")
        #expect(try await Self.get("\(status)/healthz").status == 200)

        try await stack.upload(try await MediaCorpus.shared.path("three_seconds.mp4"), key: "inputs/cfn/clip.mp4")
        try await stack.upload(try await MediaCorpus.shared.path("audio.mp3"), key: "inputs/cfn/song.mp3")
        let done = try await RunningWorker.wait(600) {
            let keys = try await stack.keys()
            guard keys.contains("json/cfn/clip.json"), keys.contains("json/cfn/song.json") else { return false }
            let clip = try await stack.report("json/cfn/clip.json").status
            let song = try await stack.report("json/cfn/song.json").status
            return clip == .complete && song == .complete
        }
        #expect(done, "\(worker.log.suffix(3000))")
        let delivered = try await stack.keys()
        #expect(delivered.contains("audiovideo/cfn/clip_360p.mp4"))

        // /metrics during the run counts both jobs.
        let scrape = try await Self.get("\(status)/metrics")
        #expect(scrape.status == 200)
        let samples = Self.samples(scrape.body)
        #expect(samples[#"media_worker_jobs_total{outcome="completed"}"#] == 2, "\(scrape.body)")
        #expect(samples[#"media_worker_job_duration_seconds_count{outcome="completed"}"#] == 2)
        #expect((samples["media_worker_input_bytes_total"] ?? 0) > 100_000)
        #expect((samples["media_worker_output_bytes_total"] ?? 0) > 10_000)
        #expect((samples["media_worker_queue_latency_seconds_count"] ?? 0) >= 2)
        #expect((samples["media_worker_messages_received_total"] ?? 0) >= 2)
        #expect(samples["media_worker_jobs_in_flight"] == 0)

        // SNS: the subscribed queue hears of both jobs.
        var envelopes: [[String: Any]] = []
        for _ in 0..<30 where envelopes.count < 2 {
            for body in try await stack.drainQueue(heard) {
                if let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] { envelopes.append(object) }
            }
        }
        let messages = envelopes.compactMap { ($0["Message"] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } }
        #expect(Set(messages.compactMap { $0["key"] as? String }) == ["inputs/cfn/clip.mp4", "inputs/cfn/song.mp3"])
        #expect(messages.allSatisfy { $0["status"] as? String == "COMPLETE" && $0["delivery_bucket"] as? String == delivery })

        // The webhook: two signed bodies.
        let lines = ((try? String(contentsOf: received, encoding: .utf8)) ?? "").split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let headers = record["headers"] as? [String: String] ?? [:]
            let body = Array((record["body"] as? String ?? "").utf8)
            #expect(WebhookSignature.verify(header: headers["X-Media-Worker-Signature"] ?? "", body: body, secret: secret))
            #expect(!WebhookSignature.verify(header: headers["X-Media-Worker-Signature"] ?? "", body: body, secret: secret + "x"))
        }

        // Logs: JSON lines, a start and a finish line per job with key, timings and bytes; no secret.
        worker.signal(SIGTERM)
        #expect(try await RunningWorker.wait(600) { !worker.isAlive })
        let logLines = worker.log.split(separator: "\n").filter { $0.hasPrefix("{") }
        let records = logLines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(records.count == logLines.count && records.count > 5)
        let finished = records.filter { $0["message"] as? String == "job finished" && $0["outcome"] as? String == "completed" }
        #expect(finished.count == 2)
        for record in finished {
            for field in ["key", "message", "seconds", "bytes_in", "bytes_out", "time", "level"] { #expect(record[field] != nil, "no \(field) in \(record)") }
        }
        #expect(records.filter { $0["message"] as? String == "job started" }.count == 2)
        #expect(!worker.log.contains(secret))
        #expect(!worker.log.contains("\"test\"") || !worker.log.contains("secret_access_key"))
    }

    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let result = try await ProcessRunner.run("/usr/bin/curl", ["-s", "-o", "-", "-w", "\n%{http_code}", "--max-time", "60", url])
        var lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(lines.popLast() ?? "") ?? 0
        return (status, lines.joined(separator: "\n"))
    }

    /// Prometheus text samples by their name and labels.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }
}

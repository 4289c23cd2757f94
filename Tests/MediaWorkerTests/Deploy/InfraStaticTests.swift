import Foundation
import Testing

/// The deployment kits, checked without a Docker engine or a cluster: cfn-lint on the
/// CloudFormation template; the Dockerfile's runtime packages against Debian's archive and
/// the binary's `ldd`; both compose files; the Kubernetes manifests; and the MinIO `mc`
/// script run against a recording fake `mc`.
@Suite("Deployment kits (static)")
struct InfraStaticTests {
    static let root = Fixtures.repositoryRoot

    static func check(_ arguments: [String], root: URL = root) async throws -> ProcessResult {
        try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("check_infra.py")] + arguments.prefix(1) + [root.path] + arguments.dropFirst())
    }

    /// A copy of the files a check reads, with `file` changed by `edit`.
    static func alteredRoot(_ file: String, _ edit: (String) -> String) throws -> URL {
        let copy = try TestTools.temporaryDirectory("mw-infra")
        // The console's sources too: the checks read its bundle name and its Resources/.
        try FileManager.default.createDirectory(at: copy.appendingPathComponent("Sources"), withIntermediateDirectories: true)
        for folder in ["infra", "job-templates", "localstack", "Sources/MediaWorkerConsole"] {
            try FileManager.default.copyItem(at: root.appendingPathComponent(folder), to: copy.appendingPathComponent(folder))
        }
        let target = copy.appendingPathComponent(file)
        try Data(edit(try String(contentsOf: target, encoding: .utf8)).utf8).write(to: target)
        return copy
    }

    @Test("cfn-lint finds nothing in the CloudFormation template")
    func cfnLint() async throws {
        let lint = TestTools.venv.appendingPathComponent("bin/cfn-lint").path
        let template = Self.root.appendingPathComponent("infra/cloudformation/media-worker.yaml").path
        let result = try await ProcessRunner.run(lint, [template])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        // The same linter flags a broken template (it can fail).
        let broken = try Self.alteredRoot("infra/cloudformation/media-worker.yaml") { $0.replacingOccurrences(of: "Type: AWS::SQS::QueuePolicy", with: "Type: AWS::SQS::QueuePolicyy") }
        let refused = try await ProcessRunner.run(lint, [broken.appendingPathComponent("infra/cloudformation/media-worker.yaml").path])
        #expect(refused.status != 0)
    }

    @Test("The Dockerfile's runtime packages exist in bookworm and provide every library the binary links; the console's resources sit beside it")
    func dockerfile() async throws {
        let binary = try TestTools.mediaWorker()
        let result = try await Self.check(["dockerfile", binary])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("ok dockerfile"))
        // Without libavfilter8 (no other runtime package pulls it in; it pulls in libavformat59),
        // the check names the library the image would lack: one the binary only dlopens.
        let lacking = try Self.alteredRoot("infra/docker/Dockerfile") { $0.replacingOccurrences(of: " libavfilter8 ", with: " ") }
        let refused = try await Self.check(["dockerfile", binary], root: lacking)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("libavfilter.so.8 comes from libavfilter8"), "\(refused.stdout)")
        let root = try Self.alteredRoot("infra/docker/Dockerfile") { $0.replacingOccurrences(of: "USER 10001:10001", with: "USER root") }
        #expect(try await Self.check(["dockerfile", binary], root: root).stdout.contains("non-root USER"))
        // The image as it was before the console's resources: only the binary copied. The
        // console would stop with "the console's resource … is missing"; the check says where.
        let bundle = "media-worker_MediaWorkerConsole.resources"
        let binaryOnly = try Self.alteredRoot("infra/docker/Dockerfile") {
            $0.replacingOccurrences(of: #"cp -R "$(swift build -c release --show-bin-path)/\#(bundle)" /out/"#, with: "true")
                .replacingOccurrences(of: "COPY --from=build /out/ /usr/local/bin/", with: "COPY --from=build /out/media-worker /usr/local/bin/media-worker")
        }
        let noBundle = try await Self.check(["dockerfile", binary], root: binaryOnly)
        #expect(noBundle.status == 1)
        #expect(noBundle.stdout.contains("the console's resources are not at /usr/local/bin/\(bundle), beside the binary"), "\(noBundle.stdout)")
        // The bundle made but copied elsewhere: not beside the ENTRYPOINT's binary either.
        let elsewhere = try Self.alteredRoot("infra/docker/Dockerfile") {
            $0.replacingOccurrences(of: "COPY --from=build /out/ /usr/local/bin/", with: "COPY --from=build /out/media-worker /usr/local/bin/\nCOPY --from=build /out/\(bundle) /app/\(bundle)")
        }
        let misplaced = try await Self.check(["dockerfile", binary], root: elsewhere)
        #expect(misplaced.status == 1)
        #expect(misplaced.stdout.contains("the console's resources are not at /usr/local/bin/\(bundle)") && misplaced.stdout.contains("/app/\(bundle)"), "\(misplaced.stdout)")
        // A build whose bundle is not beside the binary it names (the binary alone in a folder).
        let lone = try TestTools.temporaryDirectory("mw-lone").appendingPathComponent("media-worker")
        try FileManager.default.createSymbolicLink(atPath: lone.path, withDestinationPath: binary)
        let unbuilt = try await Self.check(["dockerfile", lone.path])
        #expect(unbuilt.status == 1)
        #expect(unbuilt.stdout.contains("build: no \(bundle)/Resources/templates beside \(lone.path)"), "\(unbuilt.stdout)")
    }

    @Test("The LocalStack and MinIO compose files wire the worker, the hooks and the settings")
    func compose() async throws {
        let result = try await Self.check(["compose"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let short = try Self.alteredRoot("localstack/docker-compose.yml") { $0.replacingOccurrences(of: "stop_grace_period: 120s", with: "stop_grace_period: 30s") }
        #expect(try await Self.check(["compose"], root: short).stdout.contains("stop_grace_period 30s"))
    }

    @Test("The Kubernetes manifests parse and agree: probes, grace period, templates, KEDA triggers")
    func kubernetes() async throws {
        let result = try await Self.check(["kubernetes"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let hasty = try Self.alteredRoot("infra/kubernetes/deployment.yaml") { $0.replacingOccurrences(of: "terminationGracePeriodSeconds: 150", with: "terminationGracePeriodSeconds: 60") }
        #expect(try await Self.check(["kubernetes"], root: hasty).stdout.contains("terminationGracePeriodSeconds must exceed"))
        let stale = try Self.alteredRoot("job-templates/job.json") { $0.replacingOccurrences(of: "360", with: "361") }
        #expect(try await Self.check(["kubernetes"], root: stale).stdout.contains("job-templates.yaml differs"))
    }

    @Test("The MinIO script issues the Redis and webhook mc commands, the same on a second run", arguments: ["redis", "webhook"])
    func minioScript(target: String) async throws {
        let work = try TestTools.temporaryDirectory("mw-mc")
        let log = work.appendingPathComponent("mc.log")
        let fake = work.appendingPathComponent("mc")
        try Data("#!/bin/sh\necho \"$*\" >> '\(log.path)'\n".utf8).write(to: fake)
        let script = Self.root.appendingPathComponent("infra/minio/configure-notifications.sh").path
        let environment = [
            "PATH": "/usr/bin:/bin", "MC": "/bin/sh \(fake.path)", "TARGET": target, "MINIO_ROOT_USER": "admin", "MINIO_ROOT_PASSWORD": "password1",
            "WEBHOOK_ENDPOINT": "http://worker:8081/minio/events", "WEBHOOK_TOKEN": "tok",
        ]
        var runs: [String] = []
        for _ in 0..<2 {
            try? FileManager.default.removeItem(at: log)
            let run = try await ProcessRunner.run("/bin/sh", [script], environment: environment)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            runs.append(try String(contentsOf: log, encoding: .utf8))
        }
        #expect(runs[0] == runs[1])
        let commands = runs[0].split(separator: "\n").map(String.init)
        #expect(commands.first == "alias set media http://127.0.0.1:9000 admin password1")
        #expect(commands.contains("mb --ignore-existing media/media-watch media/media-delivery"))
        if target == "redis" {
            #expect(commands.contains("admin config set media notify_redis:media-worker address=redis:6379 key=media-worker-events format=access"))
        } else {
            #expect(commands.contains("admin config set media notify_webhook:media-worker endpoint=http://worker:8081/minio/events auth_token=tok queue_dir=/data/.webhook-queue"))
        }
        let arn = "arn:minio:sqs::media-worker:\(target)"
        #expect(commands.contains("event add media/media-watch \(arn) --event put --prefix inputs/"))
        // The old rule is removed before the new one is added, so a rerun never doubles it.
        let remove = try #require(commands.firstIndex(of: "event rm media/media-watch \(arn) --event put --prefix inputs/"))
        #expect(remove < (commands.firstIndex(of: "event add media/media-watch \(arn) --event put --prefix inputs/") ?? 0))
        let missing = try await ProcessRunner.run("/bin/sh", [script], environment: environment.merging(["TARGET": "kafka"]) { $1 })
        #expect(missing.status == 2 && missing.stderr.contains("TARGET=kafka"))
    }
}

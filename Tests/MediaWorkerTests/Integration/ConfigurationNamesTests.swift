import Foundation
import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerS3
import MediaWorkerService
import MediaWorkerSupport
import Testing

/// One reader, the same names for every command, one-line command-line errors.
@Suite("Configuration names")
struct ConfigurationNamesTests {
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessResult {
        var base = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent-home", "AWS_EC2_METADATA_DISABLED": "true"]
        base.merge(environment) { _, new in new }
        return try await ProcessRunner.run(try TestTools.mediaWorker(), arguments, environment: base)
    }

    /// Each command with arguments that stop at a problem of their own before any network or
    /// media work (exit 2 for a setting, 1 for setup's unreadable CA bundle), so the effect of
    /// the bucket names shows in what is reported.
    static let commands: [(name: String, arguments: [String], environment: [String: String], ownProblem: String, status: Int32)] = [
        ("run", ["run"], [:], "QUEUE_URL", 2),
        ("setup", ["setup"], ["AWS_CA_BUNDLE": "/nonexistent/ca.pem"], "AWS_CA_BUNDLE=/nonexistent/ca.pem", 1),
        ("plan", ["plan", "/nonexistent/clip.mp4"], ["MEDIACONVERT_ACCELERATION": "FAST"], "MEDIACONVERT_ACCELERATION=FAST", 2),
        ("process", ["process", "/nonexistent/clip.mp4", "--output-dir", "/nonexistent/out"], ["THUMBNAIL_SECONDS": "soon"], "THUMBNAIL_SECONDS=soon", 2),
    ]

    @Test("plan, process, run and setup take the same bucket names: flags, the old flag, both variables")
    func sameBucketNames() async throws {
        let ways: [(arguments: [String], environment: [String: String])] = [
            (["--destination-bucket", "out", "--watch-bucket", "in"], [:]),
            (["--delivery-bucket", "out", "--watch-bucket", "in"], [:]),
            ([], ["DESTINATION_BUCKET": "out", "WATCH_BUCKET": "in"]),
            ([], ["DELIVERY_BUCKET": "out", "WATCH_BUCKET": "in"]),
        ]
        for command in Self.commands {
            for way in ways {
                let result = try await Self.run(command.arguments + way.arguments, environment: command.environment.merging(way.environment) { $1 })
                let context = "\(command.name) \(way): \(result.stderr)"
                #expect(result.status == command.status, "\(context)")
                #expect(result.stderr.hasPrefix("media-worker: ") && result.stderr.contains(command.ownProblem), "\(context)")
                for unwanted in ["DESTINATION_BUCKET:", "WATCH_BUCKET:", "Usage:", "Unknown option"] {
                    #expect(!result.stderr.contains(unwanted), "\(context)")
                }
            }
            // Without them, the commands that need a delivery bucket say which variable to set.
            let none = try await Self.run(command.arguments, environment: command.environment)
            #expect(none.status == 2 || command.name == "process", "\(command.name): \(none.stderr)")
            #expect(none.stderr.contains("DESTINATION_BUCKET: set the bucket outputs are delivered to") == (command.name != "process"), "\(command.name): \(none.stderr)")
        }
        let setup = try await Self.run(["setup", "--destination-bucket", "out"])
        #expect(setup.status == 2 && setup.stderr == "media-worker: WATCH_BUCKET: set the bucket uploads arrive in (--watch-bucket)\n", "\(setup.stderr)")
    }

    @Test("plan runs with only DESTINATION_BUCKET set, and with --destination-bucket")
    func planWithDestinationBucket() async throws {
        let input = try await MediaCorpus.shared.path("three_seconds.mp4")
        let template = Fixtures.repositoryRoot.appendingPathComponent("job-templates/job.json").path
        let role = ["MEDIACONVERT_ROLE_ARN": "arn:aws:iam::111122223333:role/MediaConvertRole"]
        for (arguments, environment) in [([String](), ["DESTINATION_BUCKET": "dest-env"]), (["--destination-bucket", "dest-flag"], ["DELIVERY_BUCKET": "ignored"])] {
            let result = try await Self.run(["plan", input, "--template", template] + arguments, environment: role.merging(environment) { $1 })
            #expect(result.status == 0, "\(result.stderr)")
            let bucket = arguments.isEmpty ? "dest-env" : "dest-flag"
            #expect(result.stdout.contains("s3://\(bucket)/audiovideo/"), "\(result.stdout.prefix(500))")
        }
    }

    @Test("A command-line error is one line and exit status 2; a failure while working is one line and 1")
    func oneLineErrors() async throws {
        for arguments in [["plan"], ["run", "--concurrency", "many"], ["ls", "s3://b", "--bogus"], ["presign", "s3://b/k", "--expires", "604801"], ["setup", "--max-receive-count", "0"], ["frobnicate"]] {
            let result = try await Self.run(arguments, environment: ["AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "s"])
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderr.hasPrefix("media-worker: ") && result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Usage:") && !result.stderr.contains("--help"), "\(arguments): \(result.stderr)")
        }
        let failure = try await Self.run(["probe", "/nonexistent.mp4"])
        #expect(failure.status == 1 && failure.stderr == "media-worker: /nonexistent.mp4 does not exist or cannot be read\n")
        let help = try await Self.run(["plan", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--destination-bucket") && !help.stdout.contains("--delivery-bucket"))
    }

    /// The variable names of the README's configuration tables (first column, in backticks).
    static func readmeNames() throws -> [String] {
        let readme = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## Configuration\n").last?.components(separatedBy: "\n## ").first)
        var names: [String] = []
        for line in section.split(separator: "\n") where line.hasPrefix("| `") {
            let firstColumn = line.dropFirst(2).prefix { $0 != "|" }
            for (index, part) in firstColumn.split(separator: "`", omittingEmptySubsequences: false).enumerated() where index % 2 == 1 {
                if part.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }), part.count > 2 { names.append(String(part)) }
            }
        }
        return names
    }

    @Test("Every variable in the README's configuration tables is read by the configuration code")
    func readmeTable() async throws {
        let names = try Self.readmeNames()
        #expect(names.count > 50 && names.contains("DESTINATION_BUCKET") && names.contains("DELIVERY_BUCKET") && names.contains("NOTIFY_WEBHOOK_SECRET"))
        let home = try TestTools.temporaryDirectory("mw-config-home").path
        // Set so that the conditional reads happen too: keys (then the session token), a
        // container endpoint (then its token; nothing listens on port 1), MediaConvert.
        let environment = [
            "HOME": home, "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "s", "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/credentials", "BACKEND": "mediaconvert",
        ]
        var read = Set<String>()
        for command in ["run", "plan", "process", "setup"] {
            let reader = ConfigReader(environment: environment)
            switch command {
            case "run": _ = try? CommandSettings.run(reader)
            case "plan": _ = try? CommandSettings.plan(reader)
            case "process": _ = try? CommandSettings.process(reader)
            default: _ = try? CommandSettings.setup(reader)
            }
            // The AWS settings every command reads through the same reader.
            let aws = AWSEnvironment(reader: reader)
            _ = try AWSConfiguration(environment: aws)
            _ = try S3Client.fromEnvironment(aws)
            _ = try await EnvironmentCredentialProvider(environment: aws).credentials()
            let http = try HTTPClient()
            _ = try? await ContainerCredentialProvider(environment: aws, http: http).credentials()
            http.shutdown()
            read.formUnion(reader.requestedNames)
            if command != "process" { #expect(reader.requestedNames.contains("DESTINATION_BUCKET") && reader.requestedNames.contains("DELIVERY_BUCKET")) }
        }
        let unread = names.filter { !read.contains($0) }
        #expect(unread.isEmpty, "documented but never read: \(unread)")
    }

    @Test("Flags are layered over the environment; problems are all reported, each naming its variable")
    func reader() {
        let reader = ConfigReader(flags: ["CONCURRENCY": "3", "QUEUE_URL": nil], environment: ["CONCURRENCY": "9", "QUEUE_URL": "q", "DELIVERY_BUCKET": " out "])
        #expect(reader.integer("CONCURRENCY", 1...64) == 3)
        #expect(reader.string("QUEUE_URL") == "q")
        #expect(reader.string("DESTINATION_BUCKET", aliases: ["DELIVERY_BUCKET"]) == "out")
        #expect(reader.integer("MAX_ATTEMPTS", 1...10) == nil && reader.problems.isEmpty)
        let bad = ConfigReader(environment: ["CONCURRENCY": "0", "MEDIACONVERT_POLL": "maybe"])
        _ = bad.integer("CONCURRENCY", 1...64)
        _ = bad.flag("MEDIACONVERT_POLL")
        _ = bad.required("WATCH_BUCKET", "set it")
        #expect(bad.problems.count == 3 && bad.problems[0].hasPrefix("CONCURRENCY=0") && bad.problems[1].hasPrefix("MEDIACONVERT_POLL=maybe") && bad.problems[2].hasPrefix("WATCH_BUCKET"))
        #expect(reader.requestedNames == ["CONCURRENCY", "QUEUE_URL", "DESTINATION_BUCKET", "DELIVERY_BUCKET", "MAX_ATTEMPTS"])
    }
}

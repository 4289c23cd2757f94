import Foundation
import MediaWorkerSigning
import Testing

/// `upload`, `download` and `ls` against LocalStack, checked with boto3.
@Suite("media-worker upload, download and ls", .serialized)
struct TransferCommandTests {
    static func environment(_ endpoint: String, _ extra: [String: String] = [:]) -> [String: String] {
        ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent-home", "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": endpoint,
         "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1"].merging(extra) { _, new in new }
    }

    @Test("upload to the watch bucket by default, download it back, list it; failures exit 1 with one line")
    func roundTrip() async throws {
        let localstack = try await SharedServers.shared.localStack()
        let bucket = "cli-\(UUID().uuidString.prefix(8).lowercased())"
        let made = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("s3_tool.py"), localstack.endpoint, "test", "test", "mkbucket", bucket])
        try #require(made.status == 0, "\(made.stderr)")
        let directory = try TestTools.temporaryDirectory()
        let (file, bytes) = try S3ClientTests.randomFile(7 << 20, in: directory, name: "my clip.mp4")
        let env = Self.environment(localstack.endpoint, ["WATCH_BUCKET": bucket])
        let upload = try await ProcessRunner.run(try TestTools.mediaWorker(), ["upload", file.path], environment: env)
        #expect(upload.status == 0, "\(upload.stderr)")
        #expect(upload.stdout.contains("s3://\(bucket)/inputs/my clip.mp4"))
        let check = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("s3_tool.py"), localstack.endpoint, "test", "test", "sha256", bucket, "inputs/my clip.mp4"])
        #expect(check.stdout.hasPrefix(Hex.encode(SHA256.hash(bytes))))

        let out = directory.appendingPathComponent("back.mp4")
        let download = try await ProcessRunner.run(try TestTools.mediaWorker(), ["download", "s3://\(bucket)/inputs/my clip.mp4", out.path], environment: env)
        #expect(download.status == 0, "\(download.stderr)")
        #expect(try Data(contentsOf: out) == Data(bytes))

        _ = try await ProcessRunner.run(try TestTools.mediaWorker(), ["upload", file.path, "s3://\(bucket)/inputs/sub dir/"], environment: env)
        let list = try await ProcessRunner.run(try TestTools.mediaWorker(), ["ls", "s3://\(bucket)/inputs/"], environment: env)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("PRE sub dir/"))
        #expect(list.stdout.contains("\(7 << 20) my clip.mp4"))

        let missingFile = try await ProcessRunner.run(try TestTools.mediaWorker(), ["upload", "/nonexistent/file.mp4", "s3://\(bucket)/x"], environment: env)
        #expect(missingFile.status != 0)
        #expect(missingFile.stderr.contains("/nonexistent/file.mp4"))
        let missingBucket = try await ProcessRunner.run(try TestTools.mediaWorker(), ["download", "s3://no-such-bucket-\(bucket)/k", out.path], environment: env)
        #expect(missingBucket.status == 1)
        #expect(missingBucket.stderr.split(separator: "\n").count == 1)
        #expect(missingBucket.stderr.contains("NoSuchBucket") || missingBucket.stderr.contains("NotFound"))
    }

    @Test("on a terminal, upload draws a progress bar; piped, it stays quiet")
    func progressOnTTY() async throws {
        let localstack = try await SharedServers.shared.localStack()
        let bucket = "clitty-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("s3_tool.py"), localstack.endpoint, "test", "test", "mkbucket", bucket])
        let directory = try TestTools.temporaryDirectory()
        let (file, _) = try S3ClientTests.randomFile(3 << 20, in: directory, name: "tty.mp4")
        let command = "\(try TestTools.mediaWorker()) upload '\(file.path)' s3://\(bucket)/tty.mp4"
        // script(1) runs the command on a pseudo-terminal.
        let tty = try await ProcessRunner.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: Self.environment(localstack.endpoint))
        #expect(tty.status == 0, "\(tty.stdout)")
        #expect(tty.stdout.contains("100%"))
        let piped = try await ProcessRunner.run(try TestTools.mediaWorker(), ["upload", file.path, "s3://\(bucket)/piped.mp4"], environment: Self.environment(localstack.endpoint))
        #expect(!piped.stderr.contains("%"))
    }
}

import Foundation
import Testing

@Suite("media-worker command line")
struct CLITests {
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessResult {
        var base = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent-home", "AWS_EC2_METADATA_DISABLED": "true"]
        base.merge(environment) { _, new in new }
        return try await ProcessRunner.run(try TestTools.mediaWorker(), arguments, environment: base)
    }

    @Test("--help lists the commands; --version names the linked libraries")
    func helpAndVersion() async throws {
        let help = try await Self.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("presign"))
        let version = try await Self.run(["--version"])
        #expect(version.status == 0)
        for library in ["media-worker ", "libcurl", "OpenSSL 3", "libxml2", "libavformat"] {
            #expect(version.stdout.contains(library), "\(library) in --version")
        }
    }

    @Test("presign refuses bad input with a one-line reason and a non-zero exit")
    func presignErrors() async throws {
        let keys = ["AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret-never-printed"]
        let tooLong = try await Self.run(["presign", "s3://b/k", "--expires", "604801"], environment: keys)
        #expect(tooLong.status != 0)
        #expect(tooLong.stderr.contains("604800"))
        let notS3 = try await Self.run(["presign", "https://b/k"], environment: keys)
        #expect(notS3.status == 1)
        #expect(notS3.stderr.contains("s3://BUCKET/KEY"))
        let noCredentials = try await Self.run(["presign", "s3://b/k"], environment: ["AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_CONFIG_FILE": "/nonexistent"])
        #expect(noCredentials.status == 1)
        #expect(noCredentials.stderr.contains("no AWS credentials found"))
        let ok = try await Self.run(["presign", "s3://media-out/a b.mp4", "--expires", "60"], environment: keys.merging(["AWS_REGION": "eu-west-1"]) { _, new in new })
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("https://media-out.s3.eu-west-1.amazonaws.com/a%20b.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256"))
        for output in [tooLong, notS3, noCredentials, ok] {
            #expect(!(output.stdout + output.stderr).contains("secret-never-printed"))
        }
    }
}

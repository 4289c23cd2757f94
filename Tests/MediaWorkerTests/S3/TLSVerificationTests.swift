import Foundation
import Testing

/// TLS is verified: a self-signed endpoint is refused by default, with a message that says
/// what to set, and accepted once its certificate is trusted through AWS_CA_BUNDLE.
@Suite("TLS verification")
struct TLSVerificationTests {
    @Test("A self-signed S3 endpoint is refused by default and accepted with AWS_CA_BUNDLE")
    func selfSigned() async throws {
        let localstack = try await SharedServers.shared.localStack()
        let work = try TestTools.temporaryDirectory("mw-tls")
        let cert = work.appendingPathComponent("cert.pem").path
        let key = work.appendingPathComponent("key.pem").path
        let made = try await ProcessRunner.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", key, "-out", cert,
        ])
        #expect(made.status == 0, "\(made.stderr)")
        let upstream = try #require(URL(string: localstack.endpoint)?.port)
        let port = ManagedServer.freePort()
        let proxy = try await blocking {
            try ManagedServer(
                name: "tls", command: [try TestTools.python(), TestTools.helper("tls_proxy.py"), String(port), cert, key, "127.0.0.1", String(upstream)],
                port: port, ready: { ManagedServer.isListening($0) })
        }
        defer { proxy.stop() }
        let bucket = "tls-\(UUID().uuidString.prefix(8).lowercased())"
        let stack = WorkerStack(endpoint: localstack.endpoint, credentials: LocalStackServer.credentials, watch: bucket, delivery: "", queueURL: "", deadLetterURL: "", work: work)
        _ = try await stack.boto(["mkbucket", bucket])
        let file = work.appendingPathComponent("hello.txt")
        try Data("hello".utf8).write(to: file)
        _ = try await stack.boto(["put", bucket, "inputs/hello.txt", file.path])

        var environment = WorkerStack.baseEnvironment(endpoint: "https://127.0.0.1:\(port)", credentials: LocalStackServer.credentials, home: work.path)
        let refused = try await ProcessRunner.run(try TestTools.mediaWorker(), ["ls", "s3://\(bucket)", "--recursive"], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.stderr.lowercased().contains("certificate"), "\(refused.stderr)")
        #expect(!refused.stdout.contains("hello.txt"))

        environment["AWS_CA_BUNDLE"] = cert
        let accepted = try await ProcessRunner.run(try TestTools.mediaWorker(), ["ls", "s3://\(bucket)", "--recursive"], environment: environment)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.contains("inputs/hello.txt"))

        environment["AWS_CA_BUNDLE"] = work.appendingPathComponent("missing.pem").path
        let missing = try await ProcessRunner.run(try TestTools.mediaWorker(), ["ls", "s3://\(bucket)"], environment: environment)
        #expect(missing.status != 0 && missing.stderr.contains("AWS_CA_BUNDLE"), "\(missing.stderr)")
    }
}

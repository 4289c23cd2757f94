import Foundation
import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerS3
import MediaWorkerSigning
import Testing

/// Presigned URLs and signed chunked uploads against LocalStack, which checks presigned
/// URLs (S3_SKIP_SIGNATURE_VALIDATION=0) and decodes aws-chunked bodies. (moto 5.2.1
/// answers presigned URLs with 500 in signature mode and stores chunked uploads as zeros.)
@Suite("LocalStack: presigned URLs and chunked uploads", .serialized)
struct LocalStackSigningTests {
    /// One request with curl. A transport failure (no answer: LocalStack busy with the other
    /// suites on a loaded machine) is retried by curl; any HTTP answer, 403 included, is not.
    static func curl(_ arguments: [String]) async throws -> (status: Int, body: String) {
        let result = try await ProcessRunner.run(
            "/usr/bin/curl", ["-sS", "-w", "\n%{http_code}", "--max-time", "120", "--retry", "4", "--retry-all-errors", "--retry-delay", "2"] + arguments)
        var lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(lines.popLast() ?? "") ?? 0
        if status == 0 { print("curl got no answer (exit \(result.status)): \(result.stderr)") }
        return (status, lines.joined(separator: "\n"))
    }

    func prepareObject(_ client: AWSClient, bucket: String, key: String, body: [UInt8]) async throws {
        let addressing = S3Addressing(endpoint: client.configuration.endpoint(for: "s3"))
        let (endpoint, bucketPath) = addressing.address(S3Location(bucket: bucket, key: ""))
        _ = try? await client.send(AWSRequest(service: "s3", operation: "CreateBucket", method: "PUT", endpoint: endpoint, path: bucketPath))
        let (objectEndpoint, path) = addressing.address(S3Location(bucket: bucket, key: key))
        _ = try await client.send(AWSRequest(service: "s3", operation: "PutObject", method: "PUT", endpoint: objectEndpoint, path: path, body: .bytes(body)))
    }

    @Test("`media-worker presign` gives a URL plain curl can GET; tampering, expiry and a wrong secret are refused")
    func presignedGet() async throws {
        let localstack = try await SharedServers.shared.localStack()
        let client = try makeClient(endpoint: localstack.endpoint, credentials: LocalStackServer.credentials)
        let bucket = "presign-\(UUID().uuidString.prefix(8).lowercased())"
        let key = "dir/my vidéo+1.mp4"
        try await prepareObject(client, bucket: bucket, key: key, body: Array("presigned body".utf8))

        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ENDPOINT_URL"] = localstack.endpoint
        environment["AWS_ACCESS_KEY_ID"] = "test"
        environment["AWS_SECRET_ACCESS_KEY"] = "test"
        environment["AWS_REGION"] = "us-east-1"
        let cli = try await ProcessRunner.run(try TestTools.mediaWorker(), ["presign", "s3://\(bucket)/\(key)", "--expires", "300"], environment: environment)
        #expect(cli.status == 0, "presign failed: \(cli.stderr)")
        let url = cli.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(url.hasPrefix(localstack.endpoint + "/\(bucket)/dir/my%20vid%C3%A9o%2B1.mp4?"))

        let fetched = try await Self.curl([url])
        #expect(fetched.status == 200)
        #expect(fetched.body == "presigned body")

        // Tampered: another expiry than the one signed.
        let tampered = url.replacingOccurrences(of: "X-Amz-Expires=300", with: "X-Amz-Expires=301")
        #expect(try await Self.curl([tampered]).status == 403)
        // Tampered: another object.
        #expect(try await Self.curl([url.replacingOccurrences(of: "my%20vid", with: "my%20Vid")]).status == 403)

        // Expired: signed an hour ago for 60 seconds.
        let presigner = S3Presigner(client: client)
        let expired = try await presigner.presign(S3Location(bucket: bucket, key: key), expires: 60, date: Date().addingTimeInterval(-3600))
        #expect(try await Self.curl([expired]).status == 403)

        // A wrong secret.
        let wrongClient = try makeClient(endpoint: localstack.endpoint, credentials: AWSCredentials(accessKeyID: "test", secretAccessKey: "wrong"))
        let wrong = try await S3Presigner(client: wrongClient).presign(S3Location(bucket: bucket, key: key), expires: 60)
        #expect(try await Self.curl([wrong]).status == 403)
    }

    @Test("a presigned PUT URL uploads with curl, and boto3 reads the object back")
    func presignedPut() async throws {
        let localstack = try await SharedServers.shared.localStack()
        let client = try makeClient(endpoint: localstack.endpoint, credentials: LocalStackServer.credentials)
        let bucket = "presignput-\(UUID().uuidString.prefix(8).lowercased())"
        try await prepareObject(client, bucket: bucket, key: "placeholder", body: [1])
        let url = try await S3Presigner(client: client).presign(S3Location(bucket: bucket, key: "up/loaded.txt"), method: "PUT", expires: 120)
        let directory = try TestTools.temporaryDirectory()
        let file = directory.appendingPathComponent("in.txt")
        try Data("uploaded through a presigned PUT".utf8).write(to: file)
        #expect(try await Self.curl(["-T", file.path, url]).status == 200)
        let check = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("s3_tool.py"), localstack.endpoint, "test", "test", "sha256", bucket, "up/loaded.txt"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.hasPrefix(Hex.encode(SHA256.hash(Array("uploaded through a presigned PUT".utf8)))))
    }

    @Test("a STREAMING-AWS4-HMAC-SHA256-PAYLOAD upload from disk reads back byte-identical with boto3", arguments: [0, 1, 65_536, 5 * 1024 * 1024 + 17])
    func chunkedUpload(size: Int) async throws {
        let localstack = try await SharedServers.shared.localStack()
        let client = try makeClient(endpoint: localstack.endpoint, credentials: LocalStackServer.credentials)
        let bucket = "chunked-\(UUID().uuidString.prefix(8).lowercased())"
        try await prepareObject(client, bucket: bucket, key: "placeholder", body: [1])
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let directory = try TestTools.temporaryDirectory()
        let file = directory.appendingPathComponent("payload.bin")
        try Data(bytes).write(to: file)
        let key = "streamed/payload \(size).bin"
        let (endpoint, path) = S3Addressing(endpoint: client.configuration.endpoint(for: "s3")).address(S3Location(bucket: bucket, key: key))
        _ = try await client.send(AWSRequest(
            service: "s3", operation: "PutObject", method: "PUT", endpoint: endpoint, path: path,
            body: .file(path: file.path, length: Int64(size)), payload: .streaming(chunkSize: 64 * 1024)))
        let check = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("s3_tool.py"), localstack.endpoint, "test", "test", "sha256", bucket, key])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(Hex.encode(SHA256.hash(bytes))) \(size)")
    }
}

import Foundation
import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerS3
import MediaWorkerService
import MediaWorkerSigning
import Testing

/// The S3 client behind a fault-injecting proxy in front of moto (signatures checked):
/// it recovers from throttling, server errors, resets, stalls, short bodies and a wrong
/// clock, or fails clearly, and never reports success for a partial object.
@Suite("S3 client under faults", .serialized)
struct S3FaultTests {
    struct Fixture {
        let proxy: ManagedServer
        let s3: S3Client
        let bucket: String
        let bytes: [UInt8]
        let file: URL
        let directory: URL

        func arm(_ mode: String, count: Int = 1, method: String? = nil, skip: Int = 0) async throws {
            var spec: [String: Any] = ["mode": mode, "count": count, "skip": skip]
            if let method { spec["method"] = method }
            let body = try JSONSerialization.data(withJSONObject: spec)
            let result = try await ProcessRunner.run("/usr/bin/curl", ["-s", "-X", "POST", "--data-binary", String(decoding: body, as: UTF8.self), proxy.endpoint + "/__fault"])
            precondition(result.stdout == "armed", "arming the proxy failed: \(result.stderr)")
        }

        /// Faults the proxy has injected so far.
        func faultsInjected() async throws -> Int {
            let result = try await ProcessRunner.run("/usr/bin/curl", ["-s", proxy.endpoint + "/__stats"])
            return ((try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["faults"] as? Int) ?? -1
        }
    }

    static func fixture(retry: RetryPolicy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(20)), clockOffset: TimeInterval = 0, lowSpeedTime: Duration = .seconds(60)) async throws -> Fixture {
        let moto = try await SharedServers.shared.motoWithAuth()
        let proxy = try await ManagedServer.start(name: "fault-proxy") { port in ["python3", TestTools.helper("fault_proxy.py"), String(port), moto.endpoint] }
        let environment = AWSEnvironment(variables: ["AWS_ENDPOINT_URL": proxy.endpoint, "AWS_REGION": "us-east-1"], homeDirectory: "/nonexistent")
        var http = HTTPClient.Configuration()
        http.timeouts.lowSpeedLimit = 1024
        http.timeouts.lowSpeedTime = lowSpeedTime
        let aws = AWSClient(
            configuration: try AWSConfiguration(environment: environment, files: SharedConfigFiles(environment: environment)),
            credentialProvider: StaticCredentialProvider(moto.credentials), http: try HTTPClient(configuration: http), retryPolicy: retry,
            clock: { Date().addingTimeInterval(clockOffset) })
        let s3 = S3Client(aws: aws)
        let bucket = "faults-\(UUID().uuidString.prefix(8).lowercased())"
        let directory = try TestTools.temporaryDirectory()
        let (file, bytes) = try S3ClientTests.randomFile(3 << 20, in: directory)
        if clockOffset == 0 {
            try await s3.createBucket(bucket)
            try await s3.putObject(S3Location(bucket: bucket, key: "clip.mp4"), file: file.path)
        }
        return Fixture(proxy: proxy, s3: s3, bucket: bucket, bytes: bytes, file: file, directory: directory)
    }

    @Test("a burst of 503 SlowDown and 500s: retried with backoff, each attempt signed again")
    func throttlingAndServerErrors() async throws {
        let f = try await Self.fixture()
        try await f.arm("503", count: 3, method: "PUT")
        try await f.s3.putObject(S3Location(bucket: f.bucket, key: "after-503.mp4"), file: f.file.path)
        #expect(f.s3.aws.retries == 3)
        try await f.arm("500", count: 2, method: "GET")
        let out = f.directory.appendingPathComponent("after-500.bin")
        try await f.s3.getObject(S3Location(bucket: f.bucket, key: "after-503.mp4"), toFile: out.path)
        #expect(try Data(contentsOf: out) == Data(f.bytes))
        #expect(f.s3.aws.retries == 5)
    }

    @Test("503s beyond the attempt budget fail with SlowDown and its advice")
    func persistentThrottling() async throws {
        let f = try await Self.fixture(retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10)))
        try await f.arm("503", count: 10, method: "PUT")
        let error = await #expect(throws: AWSServiceError.self) {
            try await f.s3.putObject(S3Location(bucket: f.bucket, key: "never.mp4"), file: f.file.path)
        }
        #expect(error?.code == "SlowDown")
        #expect(error?.description.contains("throttling") == true)
        try await f.arm("none", count: 0)
        #expect(try await !f.s3.objectExists(S3Location(bucket: f.bucket, key: "never.mp4")))
    }

    @Test("a reset, a stall and a short body in the middle of a download: retried, the file is whole", arguments: ["reset", "stall", "short"])
    func brokenDownloads(mode: String) async throws {
        let f = try await Self.fixture(lowSpeedTime: .seconds(2))
        try await f.arm(mode, count: 1, method: "GET")
        let out = f.directory.appendingPathComponent("\(mode).bin")
        try await f.s3.getObject(S3Location(bucket: f.bucket, key: "clip.mp4"), toFile: out.path)
        #expect(try Data(contentsOf: out) == Data(f.bytes))
        #expect(f.s3.aws.retries == 1)
    }

    @Test("without retries, a short body fails clearly and leaves no file")
    func shortBodyWithoutRetries() async throws {
        let f = try await Self.fixture(retry: .none)
        try await f.arm("short", count: 1, method: "GET")
        let out = f.directory.appendingPathComponent("short.bin")
        let error = await #expect(throws: HTTPClientError.self) {
            try await f.s3.getObject(S3Location(bucket: f.bucket, key: "clip.mp4"), toFile: out.path)
        }
        #expect(error?.code == .partialResponse)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("a flipped bit in a whole-object GET: the CRC32C check fails the download and leaves no file")
    func flippedBitSingleGet() async throws {
        let f = try await Self.fixture()
        try await f.arm("flip", count: 1, method: "GET")
        let out = f.directory.appendingPathComponent("flipped.bin")
        let error = await #expect(throws: S3TransferError.self) {
            try await f.s3.getObject(S3Location(bucket: f.bucket, key: "clip.mp4"), toFile: out.path)
        }
        #expect(error?.message.contains("arrived corrupt: its CRC32C is") == true, "\(String(describing: error))")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try await f.faultsInjected() == 1)
    }

    @Test("a flipped bit in one ranged GET of a parallel download: the parts' combined CRC32C fails it")
    func flippedBitParallelDownload() async throws {
        let f = try await Self.fixture()
        var configuration = S3Client.Configuration()
        (configuration.multipartThreshold, configuration.parallelDownloadThreshold, configuration.partSize) = (5 << 20, 5 << 20, 5 << 20)
        let s3 = S3Client(aws: f.s3.aws, configuration: configuration)
        let (file, bytes) = try S3ClientTests.randomFile(12 << 20, in: f.directory)
        let location = S3Location(bucket: f.bucket, key: "three parts.bin")
        let uploaded = try await s3.upload(location, file: file.path)
        #expect(uploaded.etag.hasSuffix("-3"))
        // Unharmed, the download is checked against the FULL_OBJECT CRC32C and passes.
        let good = f.directory.appendingPathComponent("good.bin")
        let head = try await s3.download(location, toFile: good.path)
        #expect(head.checksumType == "FULL_OBJECT")
        #expect(S3Client.fullObjectCRC32C(head) == uploaded.checksumCRC32C)
        #expect(try Data(contentsOf: good) == Data(bytes))
        // One ranged GET (the second part) comes back with a bit flipped.
        try await f.arm("flip", count: 1, method: "GET", skip: 1)
        let out = f.directory.appendingPathComponent("flipped.bin")
        let error = await #expect(throws: S3TransferError.self) {
            try await s3.download(location, toFile: out.path)
        }
        #expect(error?.message.contains("arrived corrupt: its CRC32C is") == true)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("a client clock 20 minutes slow: RequestTimeTooSkewed, corrected from the server's Date, then success")
    func clockSkew() async throws {
        let f = try await Self.fixture(clockOffset: -1200)
        try await f.arm("skew")
        try await f.s3.createBucket(f.bucket)
        try await f.s3.putObject(S3Location(bucket: f.bucket, key: "skewed.mp4"), file: f.file.path)
        #expect(abs(f.s3.aws.clockSkew - 1200) < 30)
        #expect(f.s3.aws.retries == 1)
    }

    @Test("a multipart upload whose parts keep failing is aborted: no parts are left behind")
    func abortOnFailure() async throws {
        let f = try await Self.fixture(retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10)))
        let s3 = S3Client(aws: f.s3.aws, configuration: { var c = S3Client.Configuration(); c.multipartThreshold = 5 << 20; c.partSize = 5 << 20; return c }())
        let (big, _) = try S3ClientTests.randomFile(11 << 20, in: f.directory, name: "big.bin")
        try await f.arm("503", count: 100, method: "PUT")
        await #expect(throws: AWSServiceError.self) {
            try await s3.upload(S3Location(bucket: f.bucket, key: "aborted.mov"), file: big.path)
        }
        try await f.arm("none", count: 0)
        #expect(try await s3.listMultipartUploads(bucket: f.bucket).isEmpty)
        #expect(try await !s3.objectExists(S3Location(bucket: f.bucket, key: "aborted.mov")))
    }

    @Test("a CompleteMultipartUpload whose answer is lost after the server completed it is detected, not repeated blindly")
    func lostCompletion() async throws {
        let f = try await Self.fixture()
        let s3 = S3Client(aws: f.s3.aws, configuration: { var c = S3Client.Configuration(); c.multipartThreshold = 5 << 20; c.partSize = 5 << 20; return c }())
        let (big, bytes) = try S3ClientTests.randomFile(11 << 20, in: f.directory, name: "big.bin")
        // POSTs: CreateMultipartUpload passes, CompleteMultipartUpload is forwarded, then reset.
        try await f.arm("reset", count: 1, method: "POST", skip: 1)
        let info = try await s3.upload(S3Location(bucket: f.bucket, key: "completed.mov"), file: big.path)
        #expect(try await f.faultsInjected() == 1)
        #expect(info.etag.hasSuffix("-3"))
        #expect(info.size == Int64(bytes.count))
        let out = f.directory.appendingPathComponent("completed.out")
        try await s3.download(S3Location(bucket: f.bucket, key: "completed.mov"), toFile: out.path)
        #expect(try Data(contentsOf: out) == Data(bytes))
    }

    @Test("a PutObject whose answer is lost after the server stored it is not sent again: HeadObject finds the same bytes stored")
    func lostPutAnswer() async throws {
        let f = try await Self.fixture()
        let location = S3Location(bucket: f.bucket, key: "lost-answer.mp4")
        // The PUT is forwarded (stored by moto), then the connection is reset before its answer.
        try await f.arm("lost", count: 1, method: "PUT")
        let info = try await f.s3.putObject(location, file: f.file.path, options: S3PutOptions(metadata: ["media-worker-claim-token": "3"]))
        #expect(try await f.faultsInjected() == 1)
        #expect(f.s3.aws.retries == 0, "the PUT was sent again")
        #expect(info.size == Int64(f.bytes.count))
        #expect(info.metadata["media-worker-claim-token"] == "3", "\(info)")
        let out = f.directory.appendingPathComponent("lost-answer.out")
        try await f.s3.download(location, toFile: out.path)
        #expect(try Data(contentsOf: out) == Data(f.bytes))

        // A 503 (not stored) while the key holds other bytes: the HEAD finds the older object,
        // which does not match, so the PUT is sent again.
        let (other, otherBytes) = try S3ClientTests.randomFile(1 << 20, in: f.directory, name: "other.bin")
        try await f.arm("503", count: 1, method: "PUT")
        _ = try await f.s3.putObject(location, file: other.path)
        #expect(f.s3.aws.retries == 1)
        try await f.s3.download(location, toFile: out.path)
        #expect(try Data(contentsOf: out) == Data(otherBytes))
    }

    @Test("a conditional create whose answer is lost is sent again and refused (412), never taken as done because the same bytes are stored")
    func lostConditionalAnswer() async throws {
        let f = try await Self.fixture()
        let location = S3Location(bucket: f.bucket, key: "claim-probe.json")
        let body = Array(#"{"probe":true}"#.utf8)
        _ = try await f.s3.putObject(location, bytes: body, condition: .absent)
        // The second create is forwarded (moto refuses it: 412), then its answer is cut off. The
        // same bytes are stored (the first create's): that must not count as this one's success.
        try await f.arm("lost", count: 1, method: "PUT")
        await #expect(throws: AWSServiceError.self) { try await f.s3.putObject(location, bytes: body, condition: .absent) }
        #expect(try await f.faultsInjected() == 1)
        #expect(f.s3.aws.retries == 1, "the create was sent again")
        do {
            try await f.arm("lost", count: 1, method: "PUT")
            _ = try await f.s3.putObject(location, bytes: body, condition: .absent)
            Issue.record("a second create of \(location) succeeded")
        } catch let error as AWSServiceError {
            #expect(error.status == 412, "\(error)")
        }
        // The claims probe behind the same faults: the store is found to honour If-None-Match.
        try await f.arm("lost", count: 1, method: "PUT")
        try await ClaimStore(store: f.s3, bucket: f.bucket, owner: "probe", lease: 60).probe()
    }

    @Test("a CopyObject whose answer is cut off after the server copied is not sent again: HeadObject finds the copy")
    func lostCopyAnswer() async throws {
        let f = try await Self.fixture()
        let destination = S3Location(bucket: f.bucket, key: "original/clip.mp4")
        // The copy is forwarded (done by moto), then its CopyObjectResult is cut off halfway.
        try await f.arm("reset", count: 1, method: "PUT")
        let info = try await f.s3.copyObject(
            from: S3Location(bucket: f.bucket, key: "clip.mp4"), to: destination, options: S3PutOptions(contentType: "video/mp4", metadata: ["media-worker-claim-token": "4"]))
        #expect(try await f.faultsInjected() == 1)
        #expect(f.s3.aws.retries == 0, "the copy was sent again")
        #expect(info.size == Int64(f.bytes.count))
        let out = f.directory.appendingPathComponent("copy.out")
        try await f.s3.download(destination, toFile: out.path)
        #expect(try Data(contentsOf: out) == Data(f.bytes))
        #expect(try await f.s3.headObject(destination).metadata["media-worker-claim-token"] == "4")
    }
}

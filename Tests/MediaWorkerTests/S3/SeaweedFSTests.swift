import Foundation
import MediaWorkerAWS
import MediaWorkerS3
import MediaWorkerSigning
import MediaWorkerSupport
import Testing

/// SeaweedFS's S3 gateway (`weed server -s3` with an identities file, so signatures are
/// checked): what the S3 client suite does not cover there. The client suite itself runs on
/// SeaweedFS through `S3Backend.seaweedfs`.
@Suite("SeaweedFS: signatures, checksums, presigned URLs, probe and thumbnail from S3", .serialized)
struct SeaweedFSTests {
    static func environment(_ seaweed: SeaweedFSServer, credentials: AWSCredentials = SeaweedFSServer.credentials) -> [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": "/nonexistent", "AWS_ENDPOINT_URL": seaweed.endpoint,
            "AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey, "AWS_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
    }

    static func client(_ seaweed: SeaweedFSServer, credentials: AWSCredentials = SeaweedFSServer.credentials, clock: @escaping @Sendable () -> Date = { Date() }) throws -> S3Client {
        S3Client(aws: try makeClient(endpoint: seaweed.endpoint, credentials: credentials, clock: clock))
    }

    static func boto3(_ seaweed: SeaweedFSServer, _ arguments: [String]) async throws -> ProcessResult {
        let credentials = SeaweedFSServer.credentials
        return try await ProcessRunner.run(
            try TestTools.python(), [TestTools.helper("s3_tool.py"), seaweed.endpoint, credentials.accessKeyID, credentials.secretAccessKey] + arguments)
    }

    static func curl(_ arguments: [String]) async throws -> (status: Int, body: String) {
        let result = try await ProcessRunner.run("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", "--max-time", "120"] + arguments)
        var lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(lines.popLast() ?? "") ?? 0
        return (status, lines.joined(separator: "\n"))
    }

    @Test("a wrong secret, an unknown key and an unsigned request are refused; a clock 20 minutes off is corrected")
    func refusedSignatures() async throws {
        let seaweed = try await SharedServers.shared.seaweedFS()
        let good = try Self.client(seaweed)
        let bucket = S3ClientTests.bucketName("refused")
        try await good.createBucket(bucket)
        let location = S3Location(bucket: bucket, key: "inputs/clip.mp4")
        try await good.putObject(location, bytes: Array("the right key wrote this".utf8))

        let wrongSecret = try Self.client(seaweed, credentials: AWSCredentials(accessKeyID: SeaweedFSServer.credentials.accessKeyID, secretAccessKey: "not-the-secret"))
        let readError = await #expect(throws: AWSServiceError.self) { try await wrongSecret.headObject(location) }
        #expect(readError?.status == 403)
        let writeError = await #expect(throws: AWSServiceError.self) {
            try await wrongSecret.putObject(S3Location(bucket: bucket, key: "inputs/forged.mp4"), bytes: [1, 2, 3])
        }
        #expect(writeError?.code == "SignatureDoesNotMatch")
        let listError = await #expect(throws: AWSServiceError.self) { _ = try await wrongSecret.listAllObjects(bucket: bucket) }
        #expect(listError?.code == "SignatureDoesNotMatch")

        let unknownKey = try Self.client(seaweed, credentials: AWSCredentials(accessKeyID: "AKIDUNKNOWN0000000000", secretAccessKey: "whatever"))
        let unknownError = await #expect(throws: AWSServiceError.self) { _ = try await unknownKey.listAllObjects(bucket: bucket) }
        #expect(unknownError?.code == "InvalidAccessKeyId")

        let unsigned = try await Self.curl([seaweed.endpoint + "/\(bucket)/inputs/clip.mp4"])
        #expect(unsigned.status == 403, "\(unsigned.body)")
        #expect(unsigned.body.contains("AccessDenied"))

        // Signed with a clock 20 minutes slow: RequestTimeTooSkewed, then signed again on the server's Date.
        let skewed = try Self.client(seaweed, clock: { Date().addingTimeInterval(-1200) })
        try await skewed.putObject(S3Location(bucket: bucket, key: "inputs/skewed.mp4"), bytes: [1, 2, 3])
        #expect(try await good.headObject(S3Location(bucket: bucket, key: "inputs/skewed.mp4")).size == 3)
        try await good.deleteObject(S3Location(bucket: bucket, key: "inputs/skewed.mp4"))

        // Nothing was written by the refused requests; the right key still reads its object.
        #expect(try await good.listAllObjects(bucket: bucket).map(\.key) == ["inputs/clip.mp4"])
        #expect(try await good.headObject(location).size == 24)
    }

    @Test("every S3_CHECKSUM mode: single and multipart uploads verified by SeaweedFS and read back; a wrong checksum gets BadDigest", arguments: S3ChecksumAlgorithm.allCases)
    func checksums(_ algorithm: S3ChecksumAlgorithm) async throws {
        let seaweed = try await SharedServers.shared.seaweedFS()
        var configuration = S3Client.Configuration()
        configuration.checksum = algorithm
        configuration.multipartThreshold = 5 << 20
        configuration.partSize = 5 << 20
        configuration.parallelDownloadThreshold = 5 << 20
        let s3 = S3Client(aws: try makeClient(endpoint: seaweed.endpoint, credentials: SeaweedFSServer.credentials), configuration: configuration)
        let bucket = S3ClientTests.bucketName("checksum-\(algorithm.rawValue)")
        try await s3.createBucket(bucket)
        let directory = try TestTools.temporaryDirectory()
        for (size, key) in [(1000, "single.bin"), (2 * (5 << 20) + 7, "multipart.bin")] {
            let (file, bytes) = try S3ClientTests.randomFile(size, in: directory, name: key)
            let location = S3Location(bucket: bucket, key: key)
            let info = try await s3.upload(location, file: file.path)
            if size > 5 << 20 { #expect(info.etag.hasSuffix("-3"), "\(info.etag)") }
            let viaBoto = try await Self.boto3(seaweed, ["sha256", bucket, key])
            #expect(viaBoto.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(Hex.encode(SHA256.hash(bytes))) \(size)", "\(viaBoto.stderr)")
            let out = directory.appendingPathComponent("back-\(key)")
            try await s3.download(location, toFile: out.path)
            #expect(try Data(contentsOf: out) == Data(bytes))
        }
        // A body that does not match the checksum it is sent with is refused and not stored.
        let header: HTTPHeader =
            switch algorithm {
            case .crc32c: HTTPHeader("x-amz-checksum-crc32c", "AAAAAA==")
            case .sha256: HTTPHeader("x-amz-checksum-sha256", Data(repeating: 0, count: 32).base64EncodedString())
            case .md5: HTTPHeader("Content-MD5", Data(repeating: 0, count: 16).base64EncodedString())
            }
        let addressing = S3Addressing(endpoint: s3.aws.configuration.endpoint(for: "s3"))
        let (endpoint, path) = addressing.address(S3Location(bucket: bucket, key: "corrupt.bin"))
        let refused = await #expect(throws: AWSServiceError.self) {
            _ = try await s3.aws.send(AWSRequest(
                service: "s3", operation: "PutObject", method: "PUT", endpoint: endpoint, path: path, headers: [header], body: .bytes(Array("hello world".utf8))))
        }
        #expect(refused?.code == "BadDigest", "\(String(describing: refused))")
        #expect(try await !s3.objectExists(S3Location(bucket: bucket, key: "corrupt.bin")))
    }

    @Test("`media-worker presign` gives URLs curl can use; tampered, expired and wrongly signed URLs get 403")
    func presignedURLs() async throws {
        let seaweed = try await SharedServers.shared.seaweedFS()
        let s3 = try Self.client(seaweed)
        let bucket = S3ClientTests.bucketName("presign")
        try await s3.createBucket(bucket)
        let key = "dir/my vidéo+1.mp4"
        try await s3.putObject(S3Location(bucket: bucket, key: key), bytes: Array("presigned body".utf8))

        let cli = try await ProcessRunner.run(try TestTools.mediaWorker(), ["presign", "s3://\(bucket)/\(key)", "--expires", "300"], environment: Self.environment(seaweed))
        #expect(cli.status == 0, "presign failed: \(cli.stderr)")
        let url = cli.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(url.hasPrefix(seaweed.endpoint + "/\(bucket)/dir/my%20vid%C3%A9o%2B1.mp4?"), "\(url)")
        let fetched = try await Self.curl([url])
        #expect(fetched.status == 200, "\(fetched.body)")
        #expect(fetched.body == "presigned body")

        // Tampered: another expiry, another object, another signature.
        #expect(try await Self.curl([url.replacingOccurrences(of: "X-Amz-Expires=300", with: "X-Amz-Expires=301")]).status == 403)
        #expect(try await Self.curl([url.replacingOccurrences(of: "my%20vid", with: "my%20Vid")]).status == 403)
        let signature = try #require(url.range(of: "X-Amz-Signature="))
        let value = url[signature.upperBound...].prefix(64)
        let flipped = String(value.dropLast()) + (value.last == "0" ? "1" : "0")
        #expect(try await Self.curl([url.replacingOccurrences(of: "X-Amz-Signature=\(value)", with: "X-Amz-Signature=\(flipped)")]).status == 403)
        // A GET URL used for a PUT.
        let file = try TestTools.temporaryDirectory().appendingPathComponent("forged.txt")
        try Data("forged".utf8).write(to: file)
        #expect(try await Self.curl(["-T", file.path, url]).status == 403)

        // Expired: signed an hour ago for 60 seconds (the signing date is a parameter, no waiting).
        let expired = try await S3Presigner(client: s3.aws).presign(S3Location(bucket: bucket, key: key), expires: 60, date: Date().addingTimeInterval(-3600))
        #expect(try await Self.curl([expired]).status == 403)
        // A wrong secret.
        let wrong = try makeClient(endpoint: seaweed.endpoint, credentials: AWSCredentials(accessKeyID: SeaweedFSServer.credentials.accessKeyID, secretAccessKey: "wrong"))
        #expect(try await Self.curl([try await S3Presigner(client: wrong).presign(S3Location(bucket: bucket, key: key), expires: 60)]).status == 403)

        // A presigned PUT uploads with curl; boto3 reads the object back.
        let upload = try await S3Presigner(client: s3.aws).presign(S3Location(bucket: bucket, key: "up/loaded file.txt"), method: "PUT", expires: 120)
        let body = try TestTools.temporaryDirectory().appendingPathComponent("in.txt")
        try Data("uploaded through a presigned PUT".utf8).write(to: body)
        #expect(try await Self.curl(["-T", body.path, upload]).status == 200)
        let check = try await Self.boto3(seaweed, ["sha256", bucket, "up/loaded file.txt"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.hasPrefix(Hex.encode(SHA256.hash(Array("uploaded through a presigned PUT".utf8)))))
        // The forged PUT wrote nothing.
        #expect(try await Self.boto3(seaweed, ["sha256", bucket, key]).stdout.hasPrefix(Hex.encode(SHA256.hash(Array("presigned body".utf8)))))
    }

    @Test("`media-worker probe s3://…` and `thumbnail s3://…` give what they give for the local file")
    func probeAndThumbnail() async throws {
        let seaweed = try await SharedServers.shared.seaweedFS()
        let clip = try await MediaCorpus.shared.path("h264_aac.mp4")
        let bucket = S3ClientTests.bucketName("media")
        let key = "inputs/talks/a talk.mp4"
        #expect(try await Self.boto3(seaweed, ["mkbucket", bucket]).status == 0)
        let put = try await Self.boto3(seaweed, ["put", bucket, key, clip])
        #expect(put.status == 0, "\(put.stderr)")
        let binary = try TestTools.mediaWorker()
        let environment = Self.environment(seaweed)
        let folder = try TestTools.temporaryDirectory("mw-seaweedfs-media")

        let remote = try await ProcessRunner.run(binary, ["probe", "s3://\(bucket)/\(key)"], environment: environment)
        #expect(remote.status == 0, "\(remote.stderr)")
        let local = try await ProcessRunner.run(binary, ["probe", clip], environment: environment)
        #expect(local.status == 0, "\(local.stderr)")
        let remoteJSON = try #require(try JSONSerialization.jsonObject(with: Data(remote.stdout.utf8)) as? [String: Any])
        let localJSON = try #require(try JSONSerialization.jsonObject(with: Data(local.stdout.utf8)) as? [String: Any])
        for member in ["video", "audio", "container"] {
            #expect(Self.canonical(remoteJSON[member]) == Self.canonical(localJSON[member]), "probe's \(member) differs")
        }
        let schema = Fixtures.repositoryRoot.appendingPathComponent("schemas/media-probe.v1.schema.json").path
        let document = folder.appendingPathComponent("probe.json")
        try Data(remote.stdout.utf8).write(to: document)
        let valid = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("validate_schema.py"), schema, document.path])
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")

        let remoteJPEG = folder.appendingPathComponent("remote.jpg").path
        let localJPEG = folder.appendingPathComponent("local.jpg").path
        let thumbnail = try await ProcessRunner.run(binary, ["thumbnail", "s3://\(bucket)/\(key)", "--output", remoteJPEG, "--at", "2"], environment: environment)
        #expect(thumbnail.status == 0, "\(thumbnail.stderr)")
        #expect(thumbnail.stdout.contains("frame at 2.000 s"), "\(thumbnail.stdout)")
        let localThumbnail = try await ProcessRunner.run(binary, ["thumbnail", clip, "--output", localJPEG, "--at", "2"], environment: environment)
        #expect(localThumbnail.status == 0, "\(localThumbnail.stderr)")
        #expect(FileManager.default.contentsEqual(atPath: remoteJPEG, andPath: localJPEG))

        // A missing object and a wrong secret are one-line errors with status 1.
        let missing = try await ProcessRunner.run(binary, ["probe", "s3://\(bucket)/inputs/missing.mp4"], environment: environment)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("media-worker: ") && missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        let wrong = try await ProcessRunner.run(
            binary, ["probe", "s3://\(bucket)/\(key)"],
            environment: Self.environment(seaweed, credentials: AWSCredentials(accessKeyID: SeaweedFSServer.credentials.accessKeyID, secretAccessKey: "wrong-secret-3f9c")))
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("SignatureDoesNotMatch") || wrong.stderr.contains("403"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("wrong-secret-3f9c"), "the secret is printed: \(wrong.stderr)")
    }

    /// JSON with sorted keys, to compare two decoded values.
    static func canonical(_ value: Any?) -> String {
        guard let value, JSONSerialization.isValidJSONObject([value]) else { return "\(String(describing: value))" }
        let data = (try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

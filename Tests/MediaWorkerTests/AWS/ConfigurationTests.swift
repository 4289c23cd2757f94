import MediaWorkerAWS
import MediaWorkerS3
import Testing

@Suite("Region, endpoints and S3 addressing")
struct ConfigurationTests {
    static func configuration(_ variables: [String: String]) throws -> AWSConfiguration {
        let environment = AWSEnvironment(variables: variables, homeDirectory: "/nonexistent-home")
        return try AWSConfiguration(environment: environment, files: SharedConfigFiles(environment: environment))
    }

    @Test("region: AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1")
    func region() throws {
        #expect(try Self.configuration(["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-west-2"]).region == "eu-west-1")
        #expect(try Self.configuration(["AWS_DEFAULT_REGION": "us-west-2"]).region == "us-west-2")
        #expect(try Self.configuration([:]).regionSource == .fallback)
        #expect(throws: AWSConfigurationError.self) { try Self.configuration(["AWS_REGION": "eu west 1"]) }
    }

    @Test("endpoints: per service beats global beats AWS; ignore flag; bad URL says what to write")
    func endpoints() throws {
        let both = try Self.configuration(["AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000"])
        #expect(both.endpoint(for: "s3").url == "http://127.0.0.1:9000")
        #expect(both.endpoint(for: "sqs").url == "http://127.0.0.1:4566")
        #expect(both.endpoint(for: "sqs").isCustom)
        let aws = try Self.configuration(["AWS_REGION": "eu-west-1"])
        #expect(aws.endpoint(for: "sqs").url == "https://sqs.eu-west-1.amazonaws.com")
        #expect(!aws.endpoint(for: "s3").isCustom)
        let ignored = try Self.configuration(["AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"])
        #expect(!ignored.endpoint(for: "s3").isCustom)
        let error = #expect(throws: AWSConfigurationError.self) { try Self.configuration(["AWS_ENDPOINT_URL_SQS": "localhost:4566"]) }
        #expect(error?.message.contains("AWS_ENDPOINT_URL_SQS") == true)
    }

    @Test("S3 addressing: virtual-hosted on AWS, path style on custom endpoints or dotted buckets over TLS")
    func addressing() throws {
        let aws = try #require(AWSEndpoint(url: "https://s3.eu-west-1.amazonaws.com", isCustom: false))
        let virtual = S3Addressing(endpoint: aws).address(S3Location(bucket: "media-out", key: "a b/ü+.mp4"))
        #expect(virtual.endpoint.host == "media-out.s3.eu-west-1.amazonaws.com")
        #expect(virtual.path == "/a%20b/%C3%BC%2B.mp4")
        let dotted = S3Addressing(endpoint: aws).address(S3Location(bucket: "media.out", key: "k"))
        #expect(dotted.endpoint.host == "s3.eu-west-1.amazonaws.com")
        #expect(dotted.path == "/media.out/k")
        let minio = try #require(AWSEndpoint(url: "http://127.0.0.1:9000"))
        #expect(S3Addressing(endpoint: minio).address(S3Location(bucket: "watch", key: "inputs/x.mp4")).path == "/watch/inputs/x.mp4")
        #expect(S3Addressing(endpoint: minio, style: .virtual).address(S3Location(bucket: "watch", key: "k")).endpoint.host == "watch.127.0.0.1")
        #expect(try S3Location(uri: "s3://bucket/dir/key.mp4") == S3Location(bucket: "bucket", key: "dir/key.mp4"))
        #expect(throws: S3LocationError.self) { try S3Location(uri: "bucket/key") }
    }
}

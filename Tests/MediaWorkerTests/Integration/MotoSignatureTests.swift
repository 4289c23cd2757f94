import Foundation
import MediaWorkerAWS
import MediaWorkerHTTP
import MediaWorkerS3
import MediaWorkerSigning
import MediaWorkerSupport
import Testing

/// Header signing against moto server with signature checking on (see DEVELOPERS.md):
/// correct signatures are accepted, a wrong secret is refused with SignatureDoesNotMatch.
@Suite("moto with signature checking", .serialized)
struct MotoSignatureTests {
    /// moto 5.2.1's verifier rejects even boto3's signatures for keys with non-ASCII
    /// characters, `+ = & %` or parentheses (checked by hand with boto3), so here the keys
    /// stay within what moto verifies; the botocore differential test covers the rest.
    /// The same holds for query values with escapes (`prefix=a%2F`): boto3 fails there too.
    static let keys = ["plain.txt", "with space/and more.mp4", "tilde~dash-under_score.bin", "nested/deeper/x.txt"]

    func s3Request(_ client: AWSClient, _ operation: String, _ method: String, _ location: S3Location, query: [QueryItem] = [], body: [UInt8] = []) -> AWSRequest {
        let (endpoint, path) = S3Addressing(endpoint: client.configuration.endpoint(for: "s3")).address(location)
        return AWSRequest(
            service: "s3", operation: operation, method: method, endpoint: endpoint, path: path, query: query,
            body: body.isEmpty ? .empty : .bytes(body), payload: .signed, resource: location.description)
    }

    func sqsRequest(_ client: AWSClient, _ action: String, _ json: String) -> AWSRequest {
        AWSRequest(
            service: "sqs", operation: action, method: "POST", endpoint: client.configuration.endpoint(for: "sqs"), path: "/",
            headers: [HTTPHeader("X-Amz-Target", "AmazonSQS.\(action)"), HTTPHeader("Content-Type", "application/x-amz-json-1.0")],
            body: .bytes(Array(json.utf8)), payload: .signed)
    }

    @Test("signed S3 requests succeed: create bucket, put, get, list (keys with spaces, ~, nested folders)")
    func signedS3Requests() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let client = try makeClient(endpoint: moto.endpoint, credentials: moto.credentials)
        let bucket = "signed-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await client.send(s3Request(client, "CreateBucket", "PUT", S3Location(bucket: bucket, key: "")))
        for key in Self.keys {
            let body = Array("contents of \(key)".utf8)
            _ = try await client.send(s3Request(client, "PutObject", "PUT", S3Location(bucket: bucket, key: key), body: body))
            let response = try await client.send(s3Request(client, "GetObject", "GET", S3Location(bucket: bucket, key: key)))
            #expect(response.body == body, "read back \(key)")
        }
        let list = try await client.send(s3Request(client, "ListObjectsV2", "GET", S3Location(bucket: bucket, key: ""), query: [QueryItem("list-type", "2"), QueryItem("prefix", "with")]))
        #expect(list.bodyText.contains("<Key>with space/and more.mp4</Key>"))
        #expect(!list.bodyText.contains("plain.txt"))
    }

    @Test("signed SQS requests (JSON protocol) succeed: create queue, send, receive")
    func signedSQSRequests() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let client = try makeClient(endpoint: moto.endpoint, credentials: moto.credentials)
        let name = "signed-\(UUID().uuidString.prefix(8).lowercased())"
        let created = try await client.send(sqsRequest(client, "CreateQueue", "{\"QueueName\":\"\(name)\"}"))
        let queueURL = try #require((try JSONSerialization.jsonObject(with: Data(created.body)) as? [String: Any])?["QueueUrl"] as? String)
        _ = try await client.send(sqsRequest(client, "SendMessage", "{\"QueueUrl\":\"\(queueURL)\",\"MessageBody\":\"hello ünïcode\"}"))
        let received = try await client.send(sqsRequest(client, "ReceiveMessage", "{\"QueueUrl\":\"\(queueURL)\",\"MaxNumberOfMessages\":1}"))
        #expect(received.bodyText.contains("hello ünïcode") || received.bodyText.contains("hello \\u00fcn\\u00efcode"))
    }

    @Test("a wrong secret gets SignatureDoesNotMatch, with a message that says what to check")
    func wrongSecret() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        var wrong = moto.credentials
        wrong.secretAccessKey = "not-the-secret"
        let client = try makeClient(endpoint: moto.endpoint, credentials: wrong)
        let s3Error = await #expect(throws: AWSServiceError.self) {
            try await client.send(s3Request(client, "CreateBucket", "PUT", S3Location(bucket: "never-created", key: "")))
        }
        #expect(s3Error?.code == "SignatureDoesNotMatch")
        #expect(s3Error?.status == 403)
        #expect(s3Error?.description.contains("AWS_SECRET_ACCESS_KEY") == true)
        #expect(s3Error?.description.contains("not-the-secret") == false)
        let sqsError = await #expect(throws: AWSServiceError.self) {
            try await client.send(sqsRequest(client, "ListQueues", "{}"))
        }
        #expect(sqsError?.code == "SignatureDoesNotMatch")
    }

    @Test("an unknown access key is refused as such")
    func unknownKey() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let client = try makeClient(endpoint: moto.endpoint, credentials: AWSCredentials(accessKeyID: "AKIAUNKNOWN000000000", secretAccessKey: "x"))
        let error = await #expect(throws: AWSServiceError.self) {
            try await client.send(s3Request(client, "CreateBucket", "PUT", S3Location(bucket: "never-created-2", key: "")))
        }
        #expect(error?.code == "InvalidAccessKeyId")
    }
}

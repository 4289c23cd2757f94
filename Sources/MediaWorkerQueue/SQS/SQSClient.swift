public import MediaWorkerAWS
import MediaWorkerSigning
import Foundation
import MediaWorkerSupport

/// Amazon SQS over its JSON protocol (`X-Amz-Target: AmazonSQS.*`,
/// `application/x-amz-json-1.0`), as AWS, LocalStack, moto and ElasticMQ speak it.
public final class SQSClient: Sendable {
    public let aws: AWSClient
    public let endpoint: AWSEndpoint

    public init(aws: AWSClient, endpoint: AWSEndpoint? = nil) {
        self.aws = aws
        self.endpoint = endpoint ?? aws.configuration.endpoint(for: "sqs")
    }

    /// Creates a queue (or returns the existing one's URL) with attributes such as
    /// `VisibilityTimeout` and `RedrivePolicy`.
    public func createQueue(name: String, attributes: [String: String] = [:]) async throws -> String {
        var body: [String: Any] = ["QueueName": name]
        if !attributes.isEmpty { body["Attributes"] = attributes }
        let answer = try await call("CreateQueue", body, resource: name)
        guard let url = answer["QueueUrl"] as? String else { throw Self.invalid("CreateQueue", name, answer) }
        return url
    }

    public func queueURL(name: String) async throws -> String {
        let answer = try await call("GetQueueUrl", ["QueueName": name], resource: name)
        guard let url = answer["QueueUrl"] as? String else { throw Self.invalid("GetQueueUrl", name, answer) }
        return url
    }

    public func attributes(queueURL: String, names: [String] = ["All"]) async throws -> [String: String] {
        let answer = try await call("GetQueueAttributes", ["QueueUrl": queueURL, "AttributeNames": names], resource: queueURL)
        return (answer["Attributes"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
    }

    /// Sets attributes (`RedrivePolicy`, `Policy`, `VisibilityTimeout`, ...) on a queue.
    public func setAttributes(queueURL: String, _ attributes: [String: String]) async throws {
        _ = try await call("SetQueueAttributes", ["QueueUrl": queueURL, "Attributes": attributes], resource: queueURL)
    }

    @discardableResult
    public func sendMessage(queueURL: String, body: String) async throws -> String {
        let answer = try await call("SendMessage", ["QueueUrl": queueURL, "MessageBody": body], resource: queueURL)
        return answer["MessageId"] as? String ?? ""
    }

    /// Long-polls for up to `maxMessages` (1…10), waiting up to `waitSeconds` (0…20).
    public func receiveMessages(queueURL: String, maxMessages: Int = 10, waitSeconds: Int = 20, visibilityTimeout: Int? = nil) async throws -> [SQSMessage] {
        var body: [String: Any] = [
            "QueueUrl": queueURL, "MaxNumberOfMessages": min(10, max(1, maxMessages)), "WaitTimeSeconds": min(20, max(0, waitSeconds)),
            "AttributeNames": ["All"], "MessageSystemAttributeNames": ["All"],
        ]
        if let visibilityTimeout { body["VisibilityTimeout"] = visibilityTimeout }
        let answer = try await call("ReceiveMessage", body, resource: queueURL, timeout: Double(waitSeconds) + 20)
        return (answer["Messages"] as? [[String: Any]] ?? []).compactMap { message in
            guard let id = message["MessageId"] as? String, let receipt = message["ReceiptHandle"] as? String else { return nil }
            return SQSMessage(
                id: id, receiptHandle: receipt, body: message["Body"] as? String ?? "",
                attributes: (message["Attributes"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String })
        }
    }

    public func deleteMessage(queueURL: String, receiptHandle: String) async throws {
        _ = try await call("DeleteMessage", ["QueueUrl": queueURL, "ReceiptHandle": receiptHandle], resource: queueURL)
    }

    /// Extends (or ends, with 0) the time the message stays hidden from other consumers.
    public func changeVisibility(queueURL: String, receiptHandle: String, seconds: Int) async throws {
        _ = try await call(
            "ChangeMessageVisibility", ["QueueUrl": queueURL, "ReceiptHandle": receiptHandle, "VisibilityTimeout": seconds], resource: queueURL)
    }

    private func call(_ action: String, _ body: [String: Any], resource: String, timeout: Double? = nil) async throws -> [String: Any] {
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        let request = AWSRequest(
            service: "sqs", operation: action, method: "POST", endpoint: endpoint, path: "/",
            headers: [HTTPHeader("X-Amz-Target", "AmazonSQS.\(action)"), HTTPHeader("Content-Type", "application/x-amz-json-1.0")],
            body: .bytes(Array(data)), resource: resource)
        let response = try await aws.send(request)
        guard !response.body.isEmpty else { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw Self.invalid(action, resource, ["body": String(decoding: response.body.prefix(200), as: UTF8.self)])
        }
        return object
    }

    static func invalid(_ action: String, _ resource: String, _ answer: [String: Any]) -> AWSServiceError {
        AWSServiceError(code: "InvalidResponse", message: "unexpected \(action) answer: \(answer)", status: 200, service: "sqs", operation: action, resource: resource)
    }
}

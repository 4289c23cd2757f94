public import MediaWorkerAWS
import MediaWorkerSigning
import MediaWorkerXML
import MediaWorkerSupport

/// Amazon SNS over its query protocol (form-encoded `Action=...`, XML answers), signed with SigV4.
public final class SNSClient: Sendable {
    public let aws: AWSClient
    public let endpoint: AWSEndpoint

    public init(aws: AWSClient, endpoint: AWSEndpoint? = nil) {
        self.aws = aws
        self.endpoint = endpoint ?? aws.configuration.endpoint(for: "sns")
    }

    /// Publishes `message` to a topic; returns SNS's message id. `attributes` become String
    /// message attributes (subscription filter policies can match them).
    @discardableResult
    public func publish(topicARN: String, message: String, subject: String? = nil, attributes: [String: String] = [:]) async throws -> String {
        var form: [(String, String)] = [("Action", "Publish"), ("Version", "2010-03-31"), ("TopicArn", topicARN), ("Message", message)]
        if let subject { form.append(("Subject", Self.subject(subject))) }
        for (index, name) in attributes.keys.sorted().enumerated() {
            let prefix = "MessageAttributes.entry.\(index + 1)"
            form.append(("\(prefix).Name", name))
            form.append(("\(prefix).Value.DataType", "String"))
            form.append(("\(prefix).Value.StringValue", attributes[name] ?? ""))
        }
        let body = form.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        let request = AWSRequest(
            service: "sns", operation: "Publish", method: "POST", endpoint: endpoint, path: "/",
            headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: .bytes(Array(body.utf8)), resource: topicARN)
        let response = try await aws.send(request)
        let root = try XMLTree.parse(response.body)
        guard let id = root.element(named: "PublishResult")?.text(of: "MessageId") else {
            throw AWSServiceError(
                code: "InvalidResponse", message: "unexpected Publish answer: \(String(decoding: response.body.prefix(200), as: UTF8.self))",
                status: response.status, service: "sns", operation: "Publish", resource: topicARN)
        }
        return id
    }

    /// `application/x-www-form-urlencoded` as the AWS SDKs write it: RFC 3986 unreserved
    /// characters kept, space as `+`, everything else percent-encoded.
    static func formEncode(_ text: String) -> String {
        SigV4Encoding.encode(text).replacingOccurrences(of: "%20", with: "+")
    }

    /// SNS subjects: printable ASCII, no line breaks, at most 100 characters.
    static func subject(_ text: String) -> String {
        let cleaned = String(text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f ? Character($0) : "?" })
        return String(cleaned.prefix(100))
    }
}

public import MediaWorkerHTTP
import MediaWorkerXML
public import Foundation

/// An error answer from an AWS service (or MinIO, LocalStack, moto), decoded from its
/// XML (`<Error>` / `<ErrorResponse>`) or JSON (`__type`) body.
public struct AWSServiceError: Error, CustomStringConvertible, Sendable {
    /// The service's error code: `SignatureDoesNotMatch`, `NoSuchKey`, `AccessDenied`, ...
    public var code: String
    public var message: String
    /// The HTTP status.
    public var status: Int
    public var requestID: String?
    public var hostID: String?
    /// The region a redirecting S3 answer names.
    public var region: String?
    public var service: String
    public var operation: String
    /// What was addressed: `s3://bucket/key`, a queue URL, ...
    public var resource: String
    /// The server's clock, from its `Date` header (for clock-skew correction).
    public var serverDate: Date?

    public init(code: String, message: String, status: Int, service: String, operation: String, resource: String, requestID: String? = nil, hostID: String? = nil, region: String? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.service = service
        self.operation = operation
        self.resource = resource
        self.requestID = requestID
        self.hostID = hostID
        self.region = region
    }

    public var description: String {
        var text = "\(operation) \(resource) failed: \(code) (HTTP \(status))"
        if !message.isEmpty { text += ": \(message)" }
        if let hint = hint { text += ". \(hint)" }
        if let requestID { text += " [request id \(requestID)]" }
        return text
    }

    /// What an operator should check for well-known codes.
    public var hint: String? {
        switch code {
        case "SignatureDoesNotMatch": return "Check AWS_SECRET_ACCESS_KEY (or the profile's secret) and that the endpoint and region are the ones the key belongs to"
        case "InvalidAccessKeyId", "InvalidClientTokenId", "UnrecognizedClientException": return "The access key id is unknown to this endpoint: check AWS_ACCESS_KEY_ID, AWS_PROFILE and the endpoint URL"
        case "ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired": return "The session token has expired: refresh the temporary credentials"
        case "RequestTimeTooSkewed", "RequestExpired": return "The machine's clock is off: synchronise it (NTP)"
        case "AccessDenied", "AccessDeniedException", "Forbidden": return "The credentials lack permission for this action: check the IAM policy"
        case "NoSuchBucket": return "Create the bucket (media-worker setup) or fix its name"
        case "NoSuchKey", "NotFound": return "The object does not exist"
        case "PermanentRedirect", "AuthorizationHeaderMalformed": return region.map { "The bucket is in region \($0): set AWS_REGION=\($0)" } ?? "The bucket is in another region: set AWS_REGION to the bucket's region"
        case "SlowDown", "ThrottlingException", "Throttling", "RequestLimitExceeded": return "The service is throttling: retry later or lower concurrency"
        default: return nil
        }
    }

    /// Decodes an error response.
    public static func decode(response: HTTPResponse, service: String, operation: String, resource: String) -> AWSServiceError {
        let requestID = response.headers.value(of: "x-amz-request-id") ?? response.headers.value(of: "x-amzn-requestid")
        var error = AWSServiceError(
            code: defaultCode(for: response.status), message: "", status: response.status, service: service, operation: operation,
            resource: resource, requestID: requestID, hostID: response.headers.value(of: "x-amz-id-2"),
            region: response.headers.value(of: "x-amz-bucket-region"))
        error.serverDate = response.headers.value(of: "Date").flatMap(HTTPDate.parse)
        if let queryError = response.headers.value(of: "x-amzn-query-error"), let code = queryError.split(separator: ";").first {
            error.code = String(code)
        }
        // REST-JSON services (MediaConvert): "BadRequestException:http://internal.amazon.com/..."
        if let type = response.headers.value(of: "x-amzn-errortype"), let code = type.split(separator: ":").first, !code.isEmpty {
            error.code = String(code)
        }
        let body = response.body
        guard let first = body.first(where: { !($0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09) }) else { return error }
        if first == UInt8(ascii: "<"), let root = try? XMLTree.parse(body) {
            // S3: <Error>...</Error>; query protocol: <ErrorResponse><Error>...</Error></ErrorResponse>
            let node = root.name == "Error" ? root : (root.element(named: "Error") ?? root.element(named: "Errors")?.element(named: "Error") ?? root)
            if let code = node.text(of: "Code") { error.code = code }
            if let message = node.text(of: "Message") { error.message = message }
            if let id = node.text(of: "RequestId") ?? root.text(of: "RequestId") ?? root.text(of: "RequestID") { error.requestID = id }
            if let host = node.text(of: "HostId") { error.hostID = host }
            if let region = node.text(of: "Region") { error.region = region }
        } else if first == UInt8(ascii: "{"), let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            if response.headers.value(of: "x-amzn-errortype") == nil, let type = (object["__type"] ?? object["code"] ?? object["Code"]) as? String {
                // "com.amazonaws.sqs#QueueDoesNotExist" -> "QueueDoesNotExist"
                error.code = String(type.split(separator: "#").last ?? Substring(type)).split(separator: ":").first.map(String.init) ?? type
            }
            if let message = (object["message"] ?? object["Message"]) as? String { error.message = message }
        } else {
            error.message = String(decoding: body.prefix(512), as: UTF8.self)
        }
        return error
    }

    static func defaultCode(for status: Int) -> String {
        switch status {
        case 301: return "PermanentRedirect"
        case 400: return "BadRequest"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 409: return "Conflict"
        case 412: return "PreconditionFailed"
        case 500: return "InternalError"
        case 503: return "ServiceUnavailable"
        default: return "HTTP\(status)"
        }
    }
}

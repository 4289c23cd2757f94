import Foundation
import MediaWorkerAWS
import MediaWorkerCaptions
import MediaWorkerHTTP
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerService
import MediaWorkerSupport
import Testing

@Suite("One error vocabulary")
struct FailureCodeTests {
    @Test("The schema enumerates exactly FailureCode.allCases, all snake_case")
    func schemaMatches() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent("schemas/delivery-metadata.v1.schema.json")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let error = try #require((schema["properties"] as? [String: Any])?["error"] as? [String: Any])
        let properties = try #require(error["properties"] as? [String: Any])
        let codes = try #require((properties["code"] as? [String: Any])?["enum"] as? [String])
        #expect(codes == FailureCode.allCases.map(\.rawValue))
        #expect(properties["cause"] != nil)
        for code in FailureCode.allCases {
            #expect(code.rawValue.allSatisfy { $0.isLowercase || $0 == "_" }, "\(code.rawValue) is not snake_case")
            #expect(!code.meaning.isEmpty && !code.action.isEmpty)
        }
    }

    @Test("docs/errors.md explains every code, and the README links it")
    func documented() throws {
        let doc = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("docs/errors.md"), encoding: .utf8)
        let documented = doc.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).split(separator: "`").first.map(String.init)
        }
        #expect(documented == FailureCode.allCases.map(\.rawValue))
        let readme = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("(docs/errors.md)"))
    }

    static func aws(_ code: String, _ status: Int, _ service: String = "s3") -> AWSServiceError {
        AWSServiceError(code: code, message: "m", status: status, service: service, operation: "Op", resource: "r")
    }

    @Test("Every domain error maps to a documented code; a service's code stays as the cause")
    func mapping() {
        let cases: [(any Error, FailureCode, String?)] = [
            (MediaError(.notMedia, "x"), .notMedia, nil),
            (MediaError(.decodeFailed, "x"), .decodeFailed, nil),
            (MediaError(.librariesMissing, "x"), .librariesMissing, nil),
            (CaptionError(.malformed, "x", line: 3), .malformedCaptions, nil),
            (CaptionError(.empty, "x"), .emptyCaptions, nil),
            (CaptionError(.unsupportedFormat, "x"), .unsupportedCaptionFormat, nil),
            (PlanningError(.noOutputs, "x"), .noOutputs, nil),
            (PlanningError(.noMedia, "x"), .noMedia, nil),
            (WorkerError(.diskShort, "x"), .insufficientDisk, nil),
            (WorkerError(.superseded, "x"), .superseded, nil),
            (WorkerError(.workDirectory, "x"), .workDirectory, nil),
            (WorkerError(.delivery, "x", cause: Self.aws("NotFound", 404)), .deliveryFailed, "NotFound"),
            (WorkerError(.unsafeKey, "x"), .unsafeKey, nil),
            (WorkerError(.queue, "x"), .queueError, nil),
            (Self.aws("NoSuchKey", 404), .sourceMissing, "NoSuchKey"),
            (Self.aws("NotFound", 404), .sourceMissing, "NotFound"),
            (Self.aws("NoSuchBucket", 404), .bucketMissing, "NoSuchBucket"),
            (Self.aws("AccessDenied", 403), .accessDenied, "AccessDenied"),
            (Self.aws("AccessDenied", 403, "sqs"), .accessDenied, "AccessDenied"),
            (Self.aws("SlowDown", 503), .throttled, "SlowDown"),
            (Self.aws("ThrottlingException", 400, "sqs"), .throttled, "ThrottlingException"),
            (Self.aws("TooManyRequestsException", 429, "mediaconvert"), .throttled, "TooManyRequestsException"),
            (Self.aws("InternalError", 500), .serviceUnavailable, "InternalError"),
            (Self.aws("HTTP502", 502), .serviceUnavailable, "HTTP502"),
            (Self.aws("ExpiredToken", 400, "sts"), .credentialsExpired, "ExpiredToken"),
            (Self.aws("InvalidClientTokenId", 403, "sts"), .invalidCredentials, "InvalidClientTokenId"),
            (Self.aws("SignatureDoesNotMatch", 403), .invalidCredentials, "SignatureDoesNotMatch"),
            (Self.aws("RequestTimeTooSkewed", 403), .clockSkew, "RequestTimeTooSkewed"),
            (Self.aws("PermanentRedirect", 301), .wrongRegion, "PermanentRedirect"),
            (Self.aws("BadRequestException", 400, "mediaconvert"), .mediaconvertError, "BadRequestException"),
            (Self.aws("NotFoundException", 404, "mediaconvert"), .mediaconvertError, "NotFoundException"),
            (Self.aws("QueueDoesNotExist", 400, "sqs"), .serviceError, "QueueDoesNotExist"),
            (HTTPClientError(code: .timedOut, message: "slow", url: "http://x"), .networkError, "timedOut"),
            (CancellationError(), .cancelled, nil),
            (CredentialProviderError(.failed, provider: "environment", "only AWS_ACCESS_KEY_ID"), .credentialsUnavailable, nil),
            (TemplateError(.syntax, file: "t.json", issues: []), .invalidTemplate, "syntax"),
            (SystemError(errno: ENOSPC, operation: "cannot write", path: "/work/a.mp4"), .insufficientDisk, "ENOSPC"),
            (SystemError(errno: EACCES, operation: "cannot create", path: "/work/a.mp4"), .io, "EACCES"),
            (WorkerError(.queue, "x", cause: SystemError(errno: EIO, operation: "cannot write")), .queueError, "EIO"),
            (POSIXError(.EPERM), .internal, nil),
        ]
        for (error, code, cause) in cases {
            let failure = DeliveryReport.Failure(error)
            #expect(failure.code == code, "\(error)")
            #expect(failure.cause == cause, "\(error)")
            #expect(!failure.message.isEmpty)
        }
    }

    @Test("MediaConvert ERROR and CANCELED keep MediaConvert's code as the cause")
    func mediaConvert() {
        let error = DeliveryReport.Failure.mediaConvert(jobID: "j1", status: "ERROR", errorCode: 1030, errorMessage: "bad codec")
        #expect(error.code == .mediaconvertError && error.cause == "1030" && error.message.contains("bad codec"))
        let canceled = DeliveryReport.Failure.mediaConvert(jobID: "j1", status: "CANCELED", errorCode: nil, errorMessage: nil)
        #expect(canceled.code == .mediaconvertCanceled && canceled.cause == nil)
    }

    @Test("The JSON carries code and cause; old camelCase codes read back as internal")
    func json() throws {
        var report = DeliveryReport(status: .failed, input: .init(key: "inputs/a.mp4", bytes: 1), startedAt: Date(timeIntervalSince1970: 0), worker: "w")
        report.error = DeliveryReport.Failure(Self.aws("NoSuchKey", 404))
        let text = String(decoding: try report.encoded(), as: UTF8.self)
        #expect(text.contains("\"code\" : \"source_missing\"") && text.contains("\"cause\" : \"NoSuchKey\""))
        #expect(try DeliveryReport.decode(report.encoded()) == report)
        let old = Data(text.replacingOccurrences(of: "\"source_missing\"", with: "\"s3NoSuchKey\"").replacingOccurrences(of: "\"cause\" : \"NoSuchKey\",", with: "").utf8)
        let decoded = try DeliveryReport.decode(old)
        #expect(decoded.error?.code == .internal && decoded.error?.cause == "s3NoSuchKey")
    }
}

import Foundation
public import MediaWorkerAWS
import MediaWorkerCaptions
import MediaWorkerHTTP
import MediaWorkerJobs
import MediaWorkerMedia
import MediaWorkerShorts
import MediaWorkerSupport

/// An error of a module above this one (the worker's) that knows its metadata failure.
public protocol DeliveryFailureConvertible: Error {
    var deliveryFailure: DeliveryReport.Failure { get }
}

extension DeliveryReport.Failure {
    /// The one mapping from a domain error to the metadata's `error`: a ``FailureCode``,
    /// the error's message, and the underlying service's own code as `cause`.
    public init(_ error: any Error) {
        switch error {
        case let error as any DeliveryFailureConvertible:
            self = error.deliveryFailure
        case let error as MediaError:
            self.init(FailureCode(error.code), message: error.description, cause: error.cause.map { "AVERROR \($0.cause)" })
        case let error as CaptionError:
            let code: FailureCode = switch error.code {
            case .empty: .emptyCaptions
            case .unsupportedFormat: .unsupportedCaptionFormat
            default: .malformedCaptions
            }
            self.init(code, message: error.description)
        case let error as PlanningError:
            self.init(error.code == .noMedia ? .noMedia : .noOutputs, message: error.description)
        case let error as ShortsError:
            let code: FailureCode = switch error.identifier {
            case "invalidParameters": .invalidTemplate
            case "tooShort", "noVideo": .unsupportedContent
            case "captions": .malformedCaptions
            default: .io
            }
            self.init(code, message: error.description, cause: error.identifier)
        case let error as TemplateError:
            self.init(.invalidTemplate, message: error.description, cause: error.code.rawValue)
        case let error as AWSServiceError:
            self.init(FailureCode(serviceError: error), message: error.description, cause: error.code)
        case let error as HTTPClientError:
            self.init(error.code == .cancelled || error.code == .shutdown ? .cancelled : .networkError, message: error.description, cause: "\(error.code)")
        case let error as CredentialProviderError:
            self.init(.credentialsUnavailable, message: error.description)
        case let error as SystemError:
            self.init(error.isOutOfSpace ? .insufficientDisk : .io, message: error.description, cause: error.name)
        case is CancellationError:
            self.init(.cancelled, message: "the job was cancelled")
        default:
            self.init(.internal, message: String(describing: error))
        }
    }

    /// A MediaConvert job that ended in ERROR or CANCELED; MediaConvert's numeric error code
    /// is the `cause`.
    public static func mediaConvert(jobID: String, status: String, errorCode: Int?, errorMessage: String?) -> DeliveryReport.Failure {
        let canceled = status == "CANCELED"
        return .init(
            canceled ? .mediaconvertCanceled : .mediaconvertError,
            message: "MediaConvert job \(jobID) \(canceled ? "was canceled" : "failed")"
                + (errorCode.map { " with error \($0)" } ?? "") + (errorMessage.map { ": \($0)" } ?? ""),
            cause: errorCode.map(String.init))
    }
}

extension FailureCode {
    /// A media failure's code (the media codes are the same words).
    init(_ code: MediaError.Code) {
        self = FailureCode(rawValue: code.rawValue) ?? .internal
    }

    /// A stable code for an AWS service's answer (S3, SQS, SNS, STS, MediaConvert); the
    /// service's own code stays in the failure's `cause`.
    public init(serviceError error: AWSServiceError) {
        switch error.code {
        case "NoSuchKey", "NoSuchVersion":
            self = .sourceMissing
        case "NotFound" where error.service.lowercased() == "s3":
            self = .sourceMissing
        case "NoSuchBucket":
            self = .bucketMissing
        case "AccessDenied", "AccessDeniedException", "Forbidden", "AllAccessDisabled", "AuthorizationError", "AuthorizationErrorException":
            self = .accessDenied
        case "SignatureDoesNotMatch", "InvalidAccessKeyId", "InvalidClientTokenId", "UnrecognizedClientException",
             "InvalidSignatureException", "IncompleteSignature", "MissingAuthenticationToken":
            self = .invalidCredentials
        case "ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired", "InvalidToken":
            self = .credentialsExpired
        case "RequestTimeTooSkewed", "RequestExpired":
            self = .clockSkew
        case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException":
            self = .wrongRegion
        case "SlowDown", "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
             "RequestThrottled", "RequestThrottledException", "ProvisionedThroughputExceededException":
            self = .throttled
        case "PreconditionFailed":
            self = .superseded
        case "InternalError", "InternalFailure", "InternalServerErrorException", "ServiceUnavailable", "ServiceUnavailableException":
            self = .serviceUnavailable
        default:
            if error.status == 429 {
                self = .throttled
            } else if error.status >= 500 {
                self = .serviceUnavailable
            } else if error.status == 403 {
                self = .accessDenied
            } else if error.service.lowercased() == "mediaconvert" {
                self = .mediaconvertError
            } else {
                self = .serviceError
            }
        }
    }
}

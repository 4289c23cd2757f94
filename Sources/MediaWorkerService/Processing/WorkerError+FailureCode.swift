import MediaWorkerAWS
import MediaWorkerSupport
public import MediaWorkerPipeline

extension WorkerError: DeliveryFailureConvertible {
    /// The metadata's `error` for a worker failure; a delivery failure caused by a service
    /// error keeps the service's code as `cause`.
    public var deliveryFailure: DeliveryReport.Failure {
        let failureCode: FailureCode = switch code {
        case .workDirectory: .workDirectory
        case .diskShort: .insufficientDisk
        case .superseded: .superseded
        case .delivery: .deliveryFailed
        case .unsafeKey: .unsafeKey
        case .processing: .internal
        case .queue: .queueError
        // A missing side input is source_missing, a forbidden one access_denied (as the upload's own).
        case .sideInput: cause.map { DeliveryReport.Failure($0).code } ?? .invalidArgument
        case .sideInputTooLarge: .limitExceeded
        }
        return .init(failureCode, message: message, cause: (cause as? AWSServiceError)?.code ?? (cause as? SystemError)?.name)
    }
}

extension ProcessingFailure: DeliveryFailureConvertible {
    var deliveryFailure: DeliveryReport.Failure { failure }
}

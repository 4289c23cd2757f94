/// Every `error.code` the metadata JSON can carry: one `snake_case` vocabulary for media,
/// captions, planning, the worker and every AWS service. The schema
/// (`schemas/delivery-metadata.v1.schema.json`) enumerates exactly these, and
/// `docs/errors.md` explains each one; a service's own code (`NoSuchKey`, MediaConvert's
/// `1010`) travels in the failure's `cause`.
public enum FailureCode: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    // Media (MediaError)
    case emptyInput = "empty_input"
    case notMedia = "not_media"
    case unsupportedContent = "unsupported_content"
    case unsupportedCodec = "unsupported_codec"
    case limitExceeded = "limit_exceeded"
    case timedOut = "timed_out"
    case cancelled
    case io
    case decodeFailed = "decode_failed"
    case encodeFailed = "encode_failed"
    case invalidOutput = "invalid_output"
    case librariesMissing = "libraries_missing"
    case invalidArgument = "invalid_argument"
    // Captions (CaptionError)
    case malformedCaptions = "malformed_captions"
    case emptyCaptions = "empty_captions"
    case unsupportedCaptionFormat = "unsupported_caption_format"
    // Templates and planning (TemplateError, PlanningError)
    case invalidTemplate = "invalid_template"
    case noOutputs = "no_outputs"
    case noMedia = "no_media"
    // The worker (WorkerError)
    case workDirectory = "work_directory"
    case insufficientDisk = "insufficient_disk"
    case superseded
    case deliveryFailed = "delivery_failed"
    case unsafeKey = "unsafe_key"
    case queueError = "queue_error"
    // AWS services (AWSServiceError from S3, SQS, SNS, STS, MediaConvert) and the transport
    case sourceMissing = "source_missing"
    case bucketMissing = "bucket_missing"
    case accessDenied = "access_denied"
    case invalidCredentials = "invalid_credentials"
    case credentialsExpired = "credentials_expired"
    case credentialsUnavailable = "credentials_unavailable"
    case clockSkew = "clock_skew"
    case wrongRegion = "wrong_region"
    case throttled
    case serviceUnavailable = "service_unavailable"
    case serviceError = "service_error"
    case networkError = "network_error"
    // MediaConvert jobs
    case mediaconvertError = "mediaconvert_error"
    case mediaconvertCanceled = "mediaconvert_canceled"
    // Anything else
    case `internal`

    public var description: String { rawValue }

    /// One line: what the code means.
    public var meaning: String {
        switch self {
        case .emptyInput: "The upload has no bytes."
        case .notMedia: "The upload is not a media file FFmpeg can read (random bytes, text, a truncated header)."
        case .unsupportedContent: "The upload is media, but not what was needed (an image where video is needed)."
        case .unsupportedCodec: "A stream has no decoder here, or its parameters are unusable."
        case .limitExceeded: "A safety limit (duration, pixels, size) was exceeded."
        case .timedOut: "The processing-time limit ran out."
        case .cancelled: "The job was cancelled (shutdown, or the caller gave up)."
        case .io: "Reading the input or writing an output on the local disk failed."
        case .decodeFailed: "Decoding failed part-way: the file is truncated or corrupt."
        case .encodeFailed: "An encoder or muxer failed."
        case .invalidOutput: "A produced file did not pass validation."
        case .librariesMissing: "FFmpeg's shared libraries could not be loaded."
        case .invalidArgument: "The options or template asked for something impossible."
        case .malformedCaptions: "The caption file breaks its format's syntax."
        case .emptyCaptions: "The caption file has no cues."
        case .unsupportedCaptionFormat: "The caption format is not one media-worker reads."
        case .invalidTemplate: "The job template cannot be read or is not valid."
        case .noOutputs: "Nothing in the job template applies to this upload (audio-only source, video-only template)."
        case .noMedia: "The probe found nothing to encode."
        case .workDirectory: "The work directory cannot be created or written."
        case .insufficientDisk: "The work directory has too little free space for the job."
        case .superseded: "The upload was replaced or deleted while it was processed; the newer upload's event delivers it."
        case .deliveryFailed: "An output was missing or wrong after its upload."
        case .unsafeKey: "The upload's key cannot be mapped to safe output keys."
        case .queueError: "The queue or event spool failed."
        case .sourceMissing: "The upload (or another object the job reads) does not exist."
        case .bucketMissing: "A bucket does not exist."
        case .accessDenied: "The credentials lack permission for an action."
        case .invalidCredentials: "The service rejected the access key or the signature."
        case .credentialsExpired: "The session token has expired."
        case .credentialsUnavailable: "No source of AWS credentials worked."
        case .clockSkew: "The machine's clock is too far off the service's."
        case .wrongRegion: "A bucket is in another region."
        case .throttled: "The service is throttling requests."
        case .serviceUnavailable: "The service answered with a server error or was unavailable."
        case .serviceError: "The service refused the request for another reason (see cause)."
        case .networkError: "The request got no complete answer: DNS, connection, TLS, timeout or proxy."
        case .mediaconvertError: "MediaConvert refused or failed the job (see cause for its error code)."
        case .mediaconvertCanceled: "The MediaConvert job was canceled."
        case .internal: "An unexpected failure inside media-worker."
        }
    }

    /// One line: what an operator does about it.
    public var action: String {
        switch self {
        case .emptyInput, .notMedia, .unsupportedContent, .unsupportedCodec, .decodeFailed:
            "Check the file (ffprobe it); upload a readable one again."
        case .limitExceeded: "Upload a smaller file, or raise the limit if the file is expected."
        case .timedOut: "Retry; if it keeps timing out, upload a shorter file or give the worker more CPU."
        case .cancelled: "Nothing: the message is released and the job runs again."
        case .io: "Check WORK_DIR's disk and permissions; the job is retried."
        case .encodeFailed, .invalidOutput: "Check the logs for the encoder's message; report it with the input if it persists."
        case .librariesMissing: "Install FFmpeg's libraries (libavformat, libavcodec, libswscale) of the supported version."
        case .invalidArgument: "Fix the worker's options or the job template."
        case .malformedCaptions, .emptyCaptions: "Fix the caption file at the line the message names and upload it again."
        case .unsupportedCaptionFormat: "Upload SRT, SBV, WebVTT or TTML/DFXP."
        case .invalidTemplate: "Run media-worker validate-templates and fix the file, line and JSON path it names."
        case .noOutputs, .noMedia: "Use a template that fits the upload (audio-only.json for audio), or check the upload."
        case .workDirectory: "Set WORK_DIR to a writable directory."
        case .insufficientDisk: "Free space in WORK_DIR or lower MIN_FREE_DISK_MB; the job is retried."
        case .superseded: "Nothing: the newer upload is delivered by its own event."
        case .deliveryFailed: "Check the delivery bucket (lifecycle rules, other writers); the job is retried."
        case .unsafeKey: "Rename the upload (no `..`, control characters or empty path segments)."
        case .queueError: "Check the queue (QUEUE_URL, REDIS_URL) or WORK_DIR's webhook spool."
        case .sourceMissing: "Nothing if the upload was deleted; otherwise check WATCH_BUCKET and the key."
        case .bucketMissing: "Create the bucket (media-worker setup) or fix WATCH_BUCKET / DESTINATION_BUCKET."
        case .accessDenied: "Grant the worker's role the action the message names (IAM policy, bucket policy)."
        case .invalidCredentials: "Check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the profile, and that the endpoint and region match the key."
        case .credentialsExpired: "Refresh the temporary credentials (the role, the profile's session)."
        case .credentialsUnavailable: "Set up credentials: environment keys, a profile, web identity, the container or instance role."
        case .clockSkew: "Synchronise the machine's clock (NTP)."
        case .wrongRegion: "Set AWS_REGION to the bucket's region."
        case .throttled: "Nothing if rare (retried); otherwise lower CONCURRENCY or ask for a higher quota."
        case .serviceUnavailable: "Nothing if rare (retried); otherwise check the service's health."
        case .serviceError: "Read the cause and message: the service's own code says what it refused."
        case .networkError: "Check the endpoint URL, DNS, proxies (HTTPS_PROXY, NO_PROXY), AWS_CA_BUNDLE and the network."
        case .mediaconvertError: "Read the cause (MediaConvert's error code) and message; fix the template or the input and upload again."
        case .mediaconvertCanceled: "Upload again if the cancellation was not intended."
        case .internal: "Report it with the log lines of the job."
        }
    }
}

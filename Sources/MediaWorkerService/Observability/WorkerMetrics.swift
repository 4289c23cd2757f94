public import Foundation
import Metrics

/// The worker's metrics, through swift-metrics (exported by swift-prometheus on `/metrics`
/// when `HTTP_LISTEN` is set; a no-op when no backend is bootstrapped).
///
/// | name | type | labels |
/// |---|---|---|
/// | `media_worker_jobs_total` | counter | `outcome`: completed, submitted, skipped, failed, retried, released, dead_lettered |
/// | `media_worker_job_duration_seconds` | histogram | `outcome` |
/// | `media_worker_input_bytes_total`, `media_worker_output_bytes_total` | counter | |
/// | `media_worker_queue_latency_seconds` | histogram (upload to start of job) | |
/// | `media_worker_jobs_in_flight` | gauge | |
/// | `media_worker_messages_received_total` | counter | |
/// | `media_worker_aws_retries_total` | counter | `service`, `operation` |
/// | `media_worker_notifications_total` | counter | `channel`, `result` |
public struct WorkerMetrics: Sendable {
    public static let jobDurationLabel = "media_worker_job_duration_seconds"
    public static let queueLatencyLabel = "media_worker_queue_latency_seconds"
    /// Histogram buckets suited to media jobs (seconds).
    public static let jobDurationBuckets: [Double] = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200]
    public static let queueLatencyBuckets: [Double] = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600]

    private let inFlight = Meter(label: "media_worker_jobs_in_flight")
    private let received = Counter(label: "media_worker_messages_received_total")
    private let bytesIn = Counter(label: "media_worker_input_bytes_total")
    private let bytesOut = Counter(label: "media_worker_output_bytes_total")
    private let latency = Metrics.Timer(label: WorkerMetrics.queueLatencyLabel)

    public init() {}

    /// A job ended with `outcome` after `seconds`.
    public func job(_ outcome: String, seconds: Double? = nil, bytesIn input: Int64 = 0, bytesOut output: Int64 = 0) {
        Counter(label: "media_worker_jobs_total", dimensions: [("outcome", outcome)]).increment()
        if let seconds {
            Metrics.Timer(label: Self.jobDurationLabel, dimensions: [("outcome", outcome)]).recordNanoseconds(Int64(seconds * 1e9))
        }
        if input > 0 { bytesIn.increment(by: input) }
        if output > 0 { bytesOut.increment(by: output) }
    }

    public func messagesReceived(_ count: Int) {
        if count > 0 { received.increment(by: count) }
    }

    /// The time from the upload (the event's time) to the start of its job.
    public func queueLatency(eventTime: String?, now: Date = Date()) {
        guard let eventTime, let date = Self.parse(eventTime) else { return }
        latency.recordNanoseconds(max(0, Int64(now.timeIntervalSince(date) * 1e9)))
    }

    public func jobStarted() { inFlight.increment() }
    public func jobFinished() { inFlight.decrement() }

    public func awsRetry(service: String, operation: String) {
        Counter(label: "media_worker_aws_retries_total", dimensions: [("service", service), ("operation", operation)]).increment()
    }

    public func notification(channel: String, succeeded: Bool) {
        Counter(label: "media_worker_notifications_total", dimensions: [("channel", channel), ("result", succeeded ? "sent" : "failed")]).increment()
    }

    /// Event times with or without fractional seconds (S3 and MinIO write both).
    static func parse(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}

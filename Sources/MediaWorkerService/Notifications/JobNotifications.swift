public import Logging
public import MediaWorkerPipeline

/// Announces finished jobs on every configured channel. A notification is tried three times
/// (1 s, then 4 s apart); one that still fails is logged and counted, and never fails the job:
/// the outputs and the metadata JSON are already delivered.
public struct JobNotifications: Sendable {
    public let notifiers: [any JobNotifier]
    let metrics: WorkerMetrics
    let logger: Logger
    let delays: [Duration]

    public init(notifiers: [any JobNotifier], metrics: WorkerMetrics = WorkerMetrics(), logger: Logger, delays: [Duration] = [.seconds(1), .seconds(4)]) {
        self.notifiers = notifiers
        self.metrics = metrics
        self.logger = logger
        self.delays = delays
    }

    /// Sends a notification for `report` if it is an end state (COMPLETE or FAILED); the
    /// metadata JSON's key in `bucket` comes from the report's input key.
    public func announce(_ report: DeliveryReport, bucket: String) async {
        let metadataKey = DeliveryLayout(key: report.input.key).metadata
        guard !notifiers.isEmpty, let notification = JobNotification(report: report, bucket: bucket, metadataKey: metadataKey) else { return }
        await withTaskGroup(of: Void.self) { group in
            for notifier in notifiers {
                group.addTask { await self.send(notification, with: notifier) }
            }
        }
    }

    private func send(_ notification: JobNotification, with notifier: any JobNotifier) async {
        var attempt = 0
        while true {
            do {
                try await notifier.send(notification)
                metrics.notification(channel: notifier.channel, succeeded: true)
                logger.debug("notification sent", metadata: ["channel": "\(notifier.channel)", "event": "\(notification.event)"])
                return
            } catch {
                guard attempt < delays.count else {
                    metrics.notification(channel: notifier.channel, succeeded: false)
                    logger.error("cannot send the \(notifier.channel) notification; the job's metadata JSON still holds its result", metadata: [
                        "event": "\(notification.event)", "key": "\(notification.report.input.key)", "error": "\(error)",
                    ])
                    return
                }
                try? await Task.sleep(for: delays[attempt])
                attempt += 1
            }
        }
    }
}

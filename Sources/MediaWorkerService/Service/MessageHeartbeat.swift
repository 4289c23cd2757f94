import Logging

/// Keeps a running job's message hidden from other workers: extends its visibility every
/// `heartbeatInterval` of the queue, on the service's clock, until the job ends.
struct MessageHeartbeat: Sendable {
    let source: any MessageSource
    let clock: any Clock<Duration>
    let logger: Logger

    /// Runs `body` while extending `message`; `onCancel` runs when the job's task is cancelled.
    func keepAlive<T: Sendable>(
        _ message: WorkMessage, _ body: @escaping @Sendable () async throws -> T, onCancel: @escaping @Sendable () -> Void
    ) async -> Result<T, any Error> {
        await withTaskCancellationHandler {
            await withTaskGroup(of: Result<T, any Error>?.self) { group in
                group.addTask {
                    do { return .success(try await body()) } catch { return .failure(error) }
                }
                if let interval = source.heartbeatInterval {
                    group.addTask { [source, clock, logger] in
                        while !Task.isCancelled {
                            do { try await clock.sleep(for: interval) } catch { break }
                            do {
                                try await source.extend(message)
                                logger.debug("heartbeat: the message's visibility is extended")
                            } catch {
                                logger.warning("visibility heartbeat failed", metadata: ["error": "\(error)"])
                            }
                        }
                        return nil
                    }
                }
                var result: Result<T, any Error> = .failure(CancellationError())
                for await item in group {
                    if let item {
                        result = item
                        group.cancelAll()
                    }
                }
                return result
            }
        } onCancel: {
            onCancel()
        }
    }
}

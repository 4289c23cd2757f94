import Foundation
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerService
import MediaWorkerSupport

/// A queue in the test process: messages put in are handed out by `receive` (which waits,
/// as a long poll does, until one comes or the receive is cancelled); every settlement is
/// recorded.
final class FakeMessageSource: MessageSource, Sendable {
    enum Settlement: Sendable, Equatable {
        case completed(String)
        case retried(String, afterSeconds: Int)
        case deadLettered(String, reason: String)
    }

    private struct State {
        var waiting: [WorkMessage] = []
        var settlements: [Settlement] = []
        var extensions: [String] = []
        var receives = 0
        var failNextReceives = 0
        var receiver: CheckedContinuation<[WorkMessage], any Error>?
    }
    private let state = Locked(State())
    let maxAttempts: Int
    let heartbeatInterval: Duration?
    /// `receive` returns at once with nothing (drain tests) instead of waiting.
    let returnsEmpty: Bool
    var description: String { "fake queue" }

    init(maxAttempts: Int = 3, heartbeatInterval: Duration? = nil, returnsEmpty: Bool = false) {
        self.maxAttempts = maxAttempts
        self.heartbeatInterval = heartbeatInterval
        self.returnsEmpty = returnsEmpty
    }

    var settlements: [Settlement] { state.withLock { $0.settlements } }
    var extensions: [String] { state.withLock { $0.extensions } }
    var receives: Int { state.withLock { $0.receives } }
    /// A receive is waiting now.
    var isReceiving: Bool { state.withLock { $0.receiver != nil } }

    func send(_ body: String, id: String = UUID().uuidString, attempt: Int = 1) {
        let message = WorkMessage(id: id, body: body, attempt: attempt, handle: id)
        let receiver = state.withLock { state -> CheckedContinuation<[WorkMessage], any Error>? in
            if let receiver = state.receiver {
                state.receiver = nil
                return receiver
            }
            state.waiting.append(message)
            return nil
        }
        receiver?.resume(returning: [message])
    }

    /// The next `count` receives fail as an unreachable queue would.
    func failReceives(_ count: Int) { state.withLock { $0.failNextReceives = count } }

    func prepare() async throws {}

    func receive(max: Int) async throws -> [WorkMessage] {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let result = state.withLock { state -> Result<[WorkMessage], any Error>? in
                    state.receives += 1
                    if state.failNextReceives > 0 {
                        state.failNextReceives -= 1
                        return .failure(URLError(.cannotConnectToHost))
                    }
                    if !state.waiting.isEmpty || returnsEmpty || Task.isCancelled {
                        let taken = Array(state.waiting.prefix(max))
                        state.waiting.removeFirst(taken.count)
                        return .success(taken)
                    }
                    state.receiver = continuation
                    return nil
                }
                if let result { continuation.resume(with: result) }
            }
        } onCancel: {
            let receiver = state.withLock { state -> CheckedContinuation<[WorkMessage], any Error>? in
                defer { state.receiver = nil }
                return state.receiver
            }
            receiver?.resume(throwing: CancellationError())
        }
    }

    func complete(_ message: WorkMessage) async throws { state.withLock { $0.settlements.append(.completed(message.id)) } }
    func retry(_ message: WorkMessage, afterSeconds: Int) async throws {
        state.withLock { $0.settlements.append(.retried(message.id, afterSeconds: afterSeconds)) }
    }
    func extend(_ message: WorkMessage) async throws { state.withLock { $0.extensions.append(message.id) } }
    func pendingCount() async throws -> Int? { state.withLock { $0.waiting.count } }
    func deadLetter(_ message: WorkMessage, reason: String) async throws {
        state.withLock { $0.settlements.append(.deadLettered(message.id, reason: reason)) }
    }
}

/// A job runner whose jobs do what the test says, and record what they were given.
final class FakeRunner: UploadJobRunner, Sendable {
    typealias Body = @Sendable (UploadEvent, Int, Bool, MediaCancellation) async throws -> UploadOutcome
    private let body: Body
    private let calls = Locked<[(key: String, attempt: Int, isFinal: Bool)]>([])

    init(_ body: @escaping Body) { self.body = body }

    var started: [(key: String, attempt: Int, isFinal: Bool)] { calls.withLock { $0 } }

    func process(_ event: UploadEvent, attempt: Int, isFinalAttempt: Bool, cancellation: MediaCancellation) async throws -> UploadOutcome {
        calls.withLock { $0.append((event.key, attempt, isFinalAttempt)) }
        return try await body(event, attempt, isFinalAttempt, cancellation)
    }

    static func report(_ event: UploadEvent, status: DeliveryReport.Status) -> DeliveryReport {
        var report = DeliveryReport(status: status, input: .init(key: event.key, bytes: 1, bucket: event.bucket), startedAt: Date(), worker: "test")
        if status == .failed { report.error = .init(.decodeFailed, message: "the test said so") }
        return report
    }
}

/// A gate a fake job waits at until the test opens it (or the job is cancelled).
final class Gate: Sendable {
    private let state = Locked<(open: Bool, waiters: [CheckedContinuation<Void, Never>], arrived: Int)>((false, [], 0))

    /// Jobs that reached the gate.
    var arrived: Int { state.withLock { $0.arrived } }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits for the gate; returns `false` when the task was cancelled first.
    func pass() async -> Bool {
        state.withLock { $0.arrived += 1 }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if state.open || Task.isCancelled { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
        return !Task.isCancelled
    }
}

/// Disk space the test turns short or back.
final class FakeSpace: JobSpace, Sendable {
    private let room: Locked<Bool>
    private let checks = Locked(0)
    init(hasRoom: Bool = true) { room = Locked(hasRoom) }
    func set(hasRoom: Bool) { room.withLock { $0 = hasRoom } }
    var checkCount: Int { checks.withLock { $0 } }
    func prepare(workerID: String) throws {}
    func hasRoomForAJob() -> Bool {
        checks.withLock { $0 += 1 }
        return room.withLock { $0 }
    }
    var shortDescription: String { "the fake work directory" }
}

enum FakeEvents {
    /// An S3 ObjectCreated notification for `key` in bucket `watch`, as S3 sends it to SQS.
    static func upload(_ key: String, etag: String = "0123456789abcdef0123456789abcdef") -> String {
        """
        {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", "eventTime": "2026-11-21T12:00:00.000Z",
          "eventName": "ObjectCreated:Put", "s3": {"s3SchemaVersion": "1.0", "bucket": {"name": "watch", "arn": "arn:aws:s3:::watch"},
          "object": {"key": "\(key)", "size": 1024, "eTag": "\(etag)", "sequencer": "0055AED6DCD90281E5"}}}]}
        """
    }
}

import Foundation
import MediaWorkerQueue

/// The SQS dead-letter queue (`DEAD_LETTER_QUEUE_URL`, which `media-worker setup` prints).
/// SQS cannot peek: listing receives with a zero visibility timeout (the messages stay
/// visible); redriving receives, sends the body to the worker's queue, then deletes it.
/// The reason is the job record's error for the message's upload, when there is one.
struct SQSDeadLetters: DeadLetterBox {
    let sqs: SQSClient
    let deadLetterURL: String
    let queueURL: String
    let reason: @Sendable (String?) async -> String

    var id: String { "sqs" }
    var title: String { "SQS dead-letter queue \(deadLetterURL)" }

    func list(limit: Int) async throws -> [DeadLetter] {
        var seen: [String: DeadLetter] = [:]
        for _ in 0..<5 where seen.count < limit {
            let messages = try await sqs.receiveMessages(queueURL: deadLetterURL, maxMessages: 10, waitSeconds: 0, visibilityTimeout: 0)
            if messages.isEmpty { break }
            for message in messages where seen[message.id] == nil {
                let key = EventKey.key(of: message.body)
                var why = await reason(key)
                if let count = message.attributes["ApproximateReceiveCount"] { why += " (received \(count) times)" }
                seen[message.id] = DeadLetter(box: id, id: message.id, key: key, reason: why, body: message.body)
            }
        }
        return seen.values.sorted { $0.id < $1.id }
    }

    func redrive(id: String) async throws -> Bool {
        for _ in 0..<10 {
            let messages = try await sqs.receiveMessages(queueURL: deadLetterURL, maxMessages: 10, waitSeconds: 0, visibilityTimeout: 30)
            if messages.isEmpty { return false }
            var found = false
            for message in messages {
                if message.id == id {
                    _ = try await sqs.sendMessage(queueURL: queueURL, body: message.body)
                    try await sqs.deleteMessage(queueURL: deadLetterURL, receiptHandle: message.receiptHandle)
                    found = true
                } else {
                    try? await sqs.changeVisibility(queueURL: deadLetterURL, receiptHandle: message.receiptHandle, seconds: 0)
                }
            }
            if found { return true }
        }
        return false
    }

    func redriveAll() async throws -> Int {
        var count = 0
        while true {
            let messages = try await sqs.receiveMessages(queueURL: deadLetterURL, maxMessages: 10, waitSeconds: 0, visibilityTimeout: 60)
            if messages.isEmpty { return count }
            for message in messages {
                _ = try await sqs.sendMessage(queueURL: queueURL, body: message.body)
                try await sqs.deleteMessage(queueURL: deadLetterURL, receiptHandle: message.receiptHandle)
                count += 1
            }
        }
    }
}

public import Foundation
import MediaWorkerSigning

/// The signature on a notification webhook's body:
/// `X-Media-Worker-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
///
/// A receiver recomputes the HMAC over the timestamp, a dot and the raw body, compares it in
/// constant time, and refuses timestamps older than a few minutes (replays).
public enum WebhookSignature {
    public static let header = "X-Media-Worker-Signature"

    /// The header value for `body` sent at `timestamp` (Unix seconds).
    public static func sign(body: [UInt8], secret: String, timestamp: Int) -> String {
        "t=\(timestamp),v1=\(Hex.encode(mac(body: body, secret: secret, timestamp: timestamp)))"
    }

    /// Whether `header` signs `body` under `secret`, no more than `tolerance` seconds from `now`.
    public static func verify(header: String, body: [UInt8], secret: String, now: Date = Date(), tolerance: TimeInterval = 300) -> Bool {
        var timestamp: Int?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) } else if pair[0] == "v1" { signatures.append(pair[1].lowercased()) }
        }
        guard let timestamp, abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        let expected = Array(Hex.encode(mac(body: body, secret: secret, timestamp: timestamp)).utf8)
        return signatures.contains { constantTimeEqual(Array($0.utf8), expected) }
    }

    static func mac(body: [UInt8], secret: String, timestamp: Int) -> [UInt8] {
        HMACSHA256.authenticate(key: Array(secret.utf8), data: Array("\(timestamp).".utf8) + body)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

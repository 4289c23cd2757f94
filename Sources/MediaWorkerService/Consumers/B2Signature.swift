import MediaWorkerSigning

/// Backblaze B2's signature on an event notification:
/// `x-bz-event-notification-signature: v1=<hex HMAC-SHA256(signing secret, raw body)>`, the
/// secret being the rule's `hmacSha256SigningSecret`. Compared in constant time; an absent,
/// malformed or wrong signature is refused.
public enum B2Signature {
    public static let header = "x-bz-event-notification-signature"

    /// The header value B2 sends for `body`.
    public static func sign(body: [UInt8], secret: String) -> String {
        "v1=" + Hex.encode(HMACSHA256.authenticate(key: Array(secret.utf8), data: body))
    }

    /// Whether `header` carries a `v1=` signature of `body` under `secret` (several
    /// comma-separated signatures are allowed: any one may match).
    public static func verify(header: String?, body: [UInt8], secret: String) -> Bool {
        guard let header, !secret.isEmpty else { return false }
        let expected = Array(Hex.encode(HMACSHA256.authenticate(key: Array(secret.utf8), data: body)).utf8)
        var matched = false
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0] == "v1" else { continue }
            // Every candidate is compared, so the time taken does not say which one matched.
            if WebhookSignature.constantTimeEqual(Array(pair[1].lowercased().utf8), expected) { matched = true }
        }
        return matched
    }
}

extension WorkerConfiguration {
    /// Where finished jobs are announced: an SNS topic and/or a webhook URL (signed with a
    /// shared secret, see ``WebhookSignature``).
    public struct Notify: Sendable, Equatable {
        /// `NOTIFY_SNS_TOPIC_ARN`.
        public var snsTopicARN: String?
        /// `NOTIFY_WEBHOOK_URL`.
        public var webhookURL: String?
        /// `NOTIFY_WEBHOOK_SECRET`: the HMAC-SHA256 key of `X-Media-Worker-Signature`.
        public var webhookSecret: String?
        public init() {}
    }

    /// A `HOST:PORT` to listen on.
    public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var port: Int
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// Parses `HOST:PORT` (or `:PORT`, meaning every interface).
        public init?(_ text: String) {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else { return nil }
            let host = String(text[..<colon])
            self.init(host: host.isEmpty ? "0.0.0.0" : host, port: port)
        }

        public var description: String { "\(host):\(port)" }
    }
}

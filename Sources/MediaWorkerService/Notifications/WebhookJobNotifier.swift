public import Foundation
public import MediaWorkerHTTP
import MediaWorkerSupport

/// POSTs notifications as JSON to a URL, signed with ``WebhookSignature`` when a secret is set.
public struct WebhookJobNotifier: JobNotifier {
    public let http: HTTPClient
    public let url: String
    let secret: String?
    let clock: @Sendable () -> Date
    public var channel: String { "webhook" }

    public init(http: HTTPClient, url: String, secret: String?, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.http = http
        self.url = url
        self.secret = secret
        self.clock = clock
    }

    public func send(_ notification: JobNotification) async throws {
        let body = try notification.body()
        var headers = [
            HTTPHeader("Content-Type", "application/json"),
            HTTPHeader("User-Agent", "media-worker"),
            HTTPHeader("X-Media-Worker-Event", notification.event),
        ]
        if let secret {
            let signature = WebhookSignature.sign(body: body, secret: secret, timestamp: Int(clock().timeIntervalSince1970))
            headers.append(HTTPHeader(WebhookSignature.header, signature))
        }
        let response = try await http.execute(HTTPRequest(method: "POST", url: url, headers: headers, body: .bytes(body), timeout: .seconds(15)))
        guard response.isSuccess else {
            throw NotificationError(channel: channel, message: "\(url) answered \(response.status): \(response.bodyText.prefix(200))")
        }
    }
}

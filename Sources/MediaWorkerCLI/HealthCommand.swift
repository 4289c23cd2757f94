import ArgumentParser
import Foundation
import MediaWorkerHTTP

/// `media-worker health`: asks a running worker's `/healthz` (or `/readyz`); exit 0 when it
/// answers 200. The container's HEALTHCHECK, which needs no curl in the image.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check a running worker's health endpoint (exit 0 when healthy).")

    @Option(help: "The endpoint to ask.")
    var url = "http://127.0.0.1:8080/healthz"

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Int = 5

    func run() async throws {
        try await reportingFailure {
            let http = try HTTPClient()
            defer { http.shutdown() }
            let response = try await http.execute(HTTPRequest(method: "GET", url: url, timeout: .seconds(timeout)))
            let body = response.bodyText.trimmingCharacters(in: .whitespacesAndNewlines)
            guard response.status == 200 else {
                FileHandle.standardError.write(Data("media-worker: \(url) answered \(response.status): \(body)\n".utf8))
                throw ExitCode(1)
            }
            print(body)
        }
    }
}

import ArgumentParser
import Foundation
import MediaWorkerMedia

/// `media-worker thumbnail INPUT --output OUT.jpg [--at SECONDS]`.
struct ThumbnailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thumbnail",
        abstract: "Write the JPEG of the frame at a time (default 7 s; the midpoint for shorter media).")

    @Argument(help: "A local file or s3://BUCKET/KEY.")
    var input: String

    @Option(name: .shortAndLong, help: "The JPEG to write.")
    var output: String

    @Option(help: "Seconds from the start.")
    var at: Double = 7

    @Option(help: "The largest width, in display orientation.")
    var maxWidth: Int = 1280

    @Option(help: "The largest height, in display orientation.")
    var maxHeight: Int = 720

    func run() async throws {
        try await reportingFailure {
            let media = try await MediaInput.resolve(input)
            let options = ThumbnailOptions(atSeconds: at, maxWidth: maxWidth, maxHeight: maxHeight)
            let output = self.output
            let result = try await runMediaWork("media-worker.thumbnail") {
                try ThumbnailExtractor(options: options).extract(from: media.source, to: output, cancellation: $0)
            }
            let note = result.isFallback ? " (the media is shorter than \(at) s: its midpoint)" : ""
            print("wrote \(result.path): \(result.width)×\(result.height), frame at \(String(format: "%.3f", result.time)) s\(note)")
            media.reportBytesRead()
        }
    }
}

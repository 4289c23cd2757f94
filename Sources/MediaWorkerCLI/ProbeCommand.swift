import ArgumentParser
import Foundation
import MediaWorkerMedia

/// `media-worker probe FILE|s3://BUCKET/KEY`.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Print a media file's metadata JSON (schemas/media-probe.v1.schema.json).",
        discussion: "An s3:// input is read with ranged GETs: only the parts FFmpeg needs are downloaded.")

    @Argument(help: "A local file or s3://BUCKET/KEY.")
    var input: String

    func run() async throws {
        try await reportingFailure {
            let media = try await MediaInput.resolve(input)
            let metadata = try await runMediaWork("media-worker.probe") { try MediaProber().probe(media.source, cancellation: $0) }
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(metadata) + Data("\n".utf8))
            media.reportBytesRead()
        }
    }
}

import Foundation
import MediaWorkerAWS
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerS3

/// A command's media input: a local path, or `s3://BUCKET/KEY` read with ranged GETs.
struct MediaInput {
    let source: MediaSource
    let reader: S3RangeReader?

    static func resolve(_ argument: String) async throws -> MediaInput {
        if argument.hasPrefix("s3://") {
            let location = try S3Location(uri: argument)
            let s3 = try S3Client.fromEnvironment()
            let reader = try await S3RangeReader.open(client: s3, location: location)
            return MediaInput(source: .reader(reader), reader: reader)
        }
        return MediaInput(source: .file(argument), reader: nil)
    }

    /// For S3 inputs, one line on standard error saying how much of the object was read.
    func reportBytesRead() {
        guard let reader else { return }
        let percent = reader.size > 0 ? Double(reader.bytesFetched) / Double(reader.size) * 100 : 0
        let line = "read \(reader.bytesFetched) of \(reader.size) bytes (\(String(format: "%.2f", percent))%) of \(reader.name)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

/// Runs blocking media work on its own thread; a cancelled task cancels the work.
func runMediaWork<T: Sendable>(_ name: String, _ work: @escaping @Sendable (MediaCancellation) throws -> T) async throws -> T {
    let cancellation = MediaCancellation()
    return try await withTaskCancellationHandler {
        try await BlockingWork.run(name) { try work(cancellation) }
    } onCancel: {
        cancellation.cancel()
    }
}

import Foundation
import MediaWorkerAWS
import MediaWorkerMedia
import MediaWorkerPipeline
import MediaWorkerS3
import Testing

@Suite("Reading media straight from S3 with ranged GETs")
struct S3MediaInputTests {
    @Test("probe and thumbnail of an S3 object read a small part of it and match the local results")
    func probeAndThumbnail() async throws {
        // A 100 s faststart MP4 made by stream-copying the 10 s clip ten times.
        let clip = try await MediaCorpus.shared.path("h264_aac.mp4")
        let folder = try TestTools.temporaryDirectory("mw-s3-media")
        let long = folder.appendingPathComponent("long.mp4").path
        try await FFmpegTools.run(["-stream_loop", "9", "-i", clip, "-c", "copy", "-movflags", "+faststart", long])
        let s3 = try await S3Backend.moto.client()
        let bucket = "media-\(UUID().uuidString.prefix(8).lowercased())"
        try await s3.createBucket(bucket)
        let location = S3Location(bucket: bucket, key: "inputs/long clip.mp4")
        _ = try await s3.upload(location, file: long)
        let reader = try await S3RangeReader.open(client: s3, location: location)
        let thumbnailPath = folder.appendingPathComponent("s3.jpg").path
        let (remote, thumbnail) = try await BlockingWork.run {
            (try MediaProber().probe(.reader(reader)), try ThumbnailExtractor().extract(from: .reader(reader), to: thumbnailPath))
        }
        let local = try await blocking { try MediaProber().probe(.file(long)) }
        #expect(remote.video == local.video)
        #expect(remote.audio == local.audio)
        #expect(remote.container.duration == local.container.duration)
        #expect(thumbnail.time == 7)
        let localThumbnail = folder.appendingPathComponent("local.jpg").path
        _ = try await blocking { try ThumbnailExtractor().extract(from: .file(long), to: localThumbnail) }
        #expect(FileManager.default.contentsEqual(atPath: thumbnailPath, andPath: localThumbnail))
        let fraction = Double(reader.bytesFetched) / Double(reader.size)
        #expect(fraction < 0.2, "read \(reader.bytesFetched) of \(reader.size) bytes")
        #expect(reader.bytesFetched > 0)
    }

    @Test("a missing object is a clear error before FFmpeg starts; a replaced object is not mixed in")
    func errors() async throws {
        let s3 = try await S3Backend.moto.client()
        let bucket = "media-\(UUID().uuidString.prefix(8).lowercased())"
        try await s3.createBucket(bucket)
        await #expect(throws: (any Error).self) {
            _ = try await S3RangeReader.open(client: s3, location: S3Location(bucket: bucket, key: "inputs/missing.mp4"))
        }
        let location = S3Location(bucket: bucket, key: "inputs/changing.mp4")
        _ = try await s3.putObject(location, bytes: Array(repeating: 1, count: 300_000))
        let reader = try await S3RangeReader.open(client: s3, location: location, blockSize: 64 << 10)
        _ = try await s3.putObject(location, bytes: Array(repeating: 2, count: 300_000))
        let result = try await BlockingWork.run { () -> String in
            do {
                _ = try MediaProber().probe(.reader(reader))
                return "probed"
            } catch let error as MediaError {
                return error.code.rawValue
            }
        }
        #expect(result == "io", "the ETag pin (If-Match) must stop reads of the replaced object")
    }
}

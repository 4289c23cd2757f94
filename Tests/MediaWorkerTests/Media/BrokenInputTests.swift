import Foundation
import MediaWorkerMedia
import Testing

@Suite("Broken inputs")
struct BrokenInputTests {
    static let expectations: [(String, MediaError.Code)] = [
        ("empty.mp4", .emptyInput),
        ("random_bytes.mp4", .notMedia),
        ("truncated_before_moov.mp4", .notMedia),
        ("text.mov", .notMedia),
    ]

    @Test("probe, thumbnail and ladder give a typed error, within the processing-time limit", arguments: expectations)
    func typedError(_ name: String, _ code: MediaError.Code) async throws {
        let path = try await MediaCorpus.shared.path(name)
        // A hang would end in .timedOut instead of the expected code.
        let limits = MediaLimits(maxProcessingSeconds: 20)
        let probe = await #expect(throws: MediaError.self) { try await blocking { try MediaProber(limits: limits).probe(.file(path)) } }
        #expect(probe?.code == code, "\(name): \(String(describing: probe))")
        #expect(probe?.message.contains(path) == true)
        let thumbnail = await #expect(throws: MediaError.self) {
            try await blocking { try ThumbnailExtractor(limits: limits).extract(from: .file(path), to: path + ".jpg") }
        }
        #expect(thumbnail?.code == code)
        let ladder = await #expect(throws: MediaError.self) {
            try await blocking { try LadderTranscoder(limits: limits).transcode(.file(path), outputPath: { path + "_\($0.name).mp4" }) }
        }
        #expect(ladder?.code == code)
        #expect(!FileManager.default.fileExists(atPath: path + "_360p.mp4"))
    }

    @Test("a PNG named .mp4 probes as an image; the ladder refuses it with a reason")
    func imageNamedMP4() async throws {
        let path = try await MediaCorpus.shared.path("png_image.mp4")
        let metadata = try await blocking { try MediaProber().probe(.file(path)) }
        #expect(metadata.kind == .image)
        #expect(metadata.container.format == "png_pipe")
    }

    @Test("a missing file and a directory are I/O errors that name the path")
    func missing() async throws {
        let error = await #expect(throws: MediaError.self) { try await blocking { try MediaProber().probe(.file("/nonexistent/clip.mp4")) } }
        #expect(error?.code == .io)
        #expect(error?.description.contains("/nonexistent/clip.mp4") == true)
        let directory = await #expect(throws: MediaError.self) { try await blocking { try MediaProber().probe(.file("/tmp")) } }
        #expect(directory?.code == .io)
    }

    @Test("limits: duration, pixels and size are enforced with the setting's name in the message")
    func limits() async throws {
        let path = try await MediaCorpus.shared.path("h264_aac.mp4")
        let duration = await #expect(throws: MediaError.self) { try await blocking { try MediaProber(limits: MediaLimits(maxDurationSeconds: 5)).probe(.file(path)) } }
        #expect(duration?.code == .limitExceeded)
        #expect(duration?.message.contains("max_duration_seconds") == true)
        let pixels = await #expect(throws: MediaError.self) { try await blocking { try MediaProber(limits: MediaLimits(maxPixels: 640 * 360)).probe(.file(path)) } }
        #expect(pixels?.code == .limitExceeded)
        let size = await #expect(throws: MediaError.self) { try await blocking { try MediaProber(limits: MediaLimits(maxFileBytes: 1000)).probe(.file(path)) } }
        #expect(size?.code == .limitExceeded)
        let time = await #expect(throws: MediaError.self) {
            try await blocking { try LadderTranscoder(limits: MediaLimits(maxProcessingSeconds: 0.3)).transcode(.file(path), outputPath: { path + ".limit_\($0.name).mp4" }) }
        }
        #expect(time?.code == .timedOut)
        #expect(!FileManager.default.fileExists(atPath: path + ".limit_720p.mp4"))
    }

    @Test("cancellation stops a running ladder with .cancelled")
    func cancellation() async throws {
        let path = try await MediaCorpus.shared.path("h264_aac.mp4")
        let cancellation = MediaCancellation()
        cancellation.cancel()
        let error = await #expect(throws: MediaError.self) {
            try await blocking { try LadderTranscoder().transcode(.file(path), outputPath: { path + ".cancel_\($0.name).mp4" }, cancellation: cancellation) }
        }
        #expect(error?.code == .cancelled)
    }
}

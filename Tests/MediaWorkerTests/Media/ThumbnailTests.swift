import Foundation
import MediaWorkerMedia
import Testing

@Suite("Thumbnail against ffmpeg -ss")
struct ThumbnailTests {
    /// Files and the time ffmpeg is asked for (the thumbnail's own rule picks the same time).
    static let cases: [(String, Double)] = [
        ("h264_aac.mp4", 7), ("portrait_rotate90.mp4", 7), ("anamorphic_720x576.mp4", 1.5), ("hevc_aac.mkv", 1.5),
        ("mpeg2_mp2.ts", 1.5), ("vp9_opus.webm", 1.5), ("three_seconds.mp4", 1.5), ("interlaced_576i.mp4", 1.5),
    ]

    @Test("the same frame as `ffmpeg -ss T -i IN -frames:v 1` (PSNR ≥ 35 dB), upright, display aspect kept", arguments: cases)
    func sameFrame(_ name: String, _ ffmpegTime: Double) async throws {
        let path = try await MediaCorpus.shared.path(name)
        let folder = try TestTools.temporaryDirectory("mw-thumb")
        let ours = folder.appendingPathComponent("ours.jpg").path
        let result = try await blocking { try ThumbnailExtractor().extract(from: .file(path), to: ours) }
        #expect(abs(result.time - ffmpegTime) < 0.05, "frame time \(result.time)")
        #expect(result.isFallback == (ffmpegTime != 7))
        let reference = folder.appendingPathComponent("reference.png").path
        // ffmpeg is asked for the time the thumbnail chose (the midpoint rule uses the container
        // duration), so the frames must be identical.
        try await FFmpegTools.run(["-ss", String(result.time), "-i", path, "-frames:v", "1", reference])
        let psnr = try await FFmpegTools.psnr(ours, reference: reference, width: result.width, height: result.height)
        #expect(psnr >= 35, "\(name): PSNR \(psnr) dB")
        // The JPEG is what it says: full-range 4:2:0 from mjpeg at the reported size.
        let stream = try #require(try await FFmpegTools.streams(ours).first)
        #expect(stream["codec_name"] as? String == "mjpeg")
        #expect(stream["width"] as? Int == result.width && stream["height"] as? Int == result.height)
        #expect(stream["color_range"] as? String == "pc")
        // The neighbouring frame is measurably different, so the PSNR check can fail.
        let neighbour = folder.appendingPathComponent("neighbour.png").path
        try await FFmpegTools.run(["-ss", String(result.time + 0.2), "-i", path, "-frames:v", "1", neighbour])
        #expect(try await FFmpegTools.psnr(ours, reference: neighbour, width: result.width, height: result.height) < psnr)
    }

    @Test("size: fitted in the box in display orientation, even, never upscaled")
    func size() async throws {
        let corpusPath1 = try await MediaCorpus.shared.path("portrait_rotate90.mp4")
        let portrait = try await blocking { try ThumbnailExtractor().extract(from: .file(corpusPath1), to: try TestTools.temporaryDirectory().appendingPathComponent("p.jpg").path) }
        #expect(portrait.width == 406 && portrait.height == 720)
        let corpusPath2 = try await MediaCorpus.shared.path("anamorphic_720x576.mp4")
        let anamorphic = try await blocking { try ThumbnailExtractor().extract(from: .file(corpusPath2), to: try TestTools.temporaryDirectory().appendingPathComponent("a.jpg").path) }
        #expect(anamorphic.width == 768 && anamorphic.height == 576)
        let corpusPath3 = try await MediaCorpus.shared.path("h264_aac.mp4")
        let small = try await blocking { try ThumbnailExtractor(options: ThumbnailOptions(maxWidth: 160, maxHeight: 160)).extract(from: .file(corpusPath3), to: try TestTools.temporaryDirectory().appendingPathComponent("s.jpg").path) }
        #expect(small.width == 160 && small.height == 90)
    }

    @Test("media shorter than the time falls back to the midpoint; a clip under a second still gets a frame")
    func fallback() async throws {
        let corpusPath4 = try await MediaCorpus.shared.path("short_half_second.mp4")
        let short = try await blocking { try ThumbnailExtractor().extract(from: .file(corpusPath4), to: try TestTools.temporaryDirectory().appendingPathComponent("t.jpg").path) }
        #expect(short.isFallback)
        #expect(abs(short.time - 0.25) < 0.05)
        #expect(ThumbnailOptions().effectiveTime(duration: 3) == (1.5, true))
        #expect(ThumbnailOptions().effectiveTime(duration: 7.01) == (7, false))
        #expect(ThumbnailOptions().effectiveTime(duration: nil) == (7, false))
    }

    @Test("audio without video has no thumbnail: a typed error")
    func audioOnly() async throws {
        let path = try await MediaCorpus.shared.path("audio.wav")
        let error = await #expect(throws: MediaError.self) { try await blocking { try ThumbnailExtractor().extract(from: .file(path), to: "/tmp/never.jpg") } }
        #expect(error?.code == .unsupportedContent)
    }
}

@Suite("Thumbnail from the ladder's decoding pass")
struct LadderThumbnailTests {
    @Test("`process` takes the thumbnail while encoding: byte-identical to the extractor's", arguments: ["h264_aac.mp4", "portrait_rotate90.mp4", "three_seconds.mp4", "interlaced_576i.mp4"])
    func identical(_ name: String) async throws {
        let path = try await MediaCorpus.shared.path(name)
        let folder = try TestTools.temporaryDirectory("mw-ladder-thumb")
        let alone = folder.appendingPathComponent("alone.jpg").path
        let shared = folder.appendingPathComponent("shared.jpg").path
        let extracted = try await blocking { try ThumbnailExtractor().extract(from: .file(path), to: alone) }
        let options = LadderOptions(renditions: [Rendition(name: "360p", shortSide: 360, videoBitrate: 500_000)], preset: "ultrafast")
        let result = try await blocking {
            try LadderTranscoder(options: options).transcode(
                .file(path), outputPath: { folder.appendingPathComponent("\($0.name).mp4").path }, thumbnail: (ThumbnailExtractor(), shared))
        }
        let taken = try #require(result.thumbnail)
        #expect(abs(taken.time - extracted.time) < 0.001)
        #expect(taken.isFallback == extracted.isFallback)
        #expect(FileManager.default.contentsEqual(atPath: alone, andPath: shared))
    }
}

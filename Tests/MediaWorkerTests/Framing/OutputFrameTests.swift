import Foundation
import MediaWorkerMedia
import Testing

@Suite("Output frames: ScalingBehavior, Crop, Position through libavfilter, checked against ffmpeg's own filters")
struct OutputFrameTests {
    static let landscape = DisplayGeometry(codedWidth: 1920, codedHeight: 1080)

    @Test("layouts of a 1920×1080 source in a 1080×1920 frame, as MediaConvert's scaling behaviours describe them")
    func layouts() {
        let fit = OutputFrame(width: 1080, height: 1920, scaling: .fitWithPadding).layout(for: Self.landscape)
        #expect((fit.scaledWidth, fit.scaledHeight, fit.x, fit.y, fit.fileWidth, fit.fileHeight) == (1080, 608, 0, 656, 1080, 1920))
        let fill = OutputFrame(width: 1080, height: 1920, scaling: .fill).layout(for: Self.landscape)
        #expect((fill.scaledWidth, fill.scaledHeight, fill.fileWidth, fill.fileHeight) == (3414, 1920, 1080, 1920))
        #expect(fill.x == -1166 && fill.y == 0)
        let stretch = OutputFrame(width: 1080, height: 1920, scaling: .stretch).layout(for: Self.landscape)
        #expect((stretch.scaledWidth, stretch.scaledHeight) == (1080, 1920))
        #expect(OutputFrame(width: 1080, height: 1920, scaling: .fit).fileSize(for: Self.landscape) == (1080, 608))
        let small = DisplayGeometry(codedWidth: 320, codedHeight: 180)
        #expect(OutputFrame(width: 1280, height: 1280, scaling: .fitNoUpscale).fileSize(for: small) == (320, 180))
        #expect(OutputFrame(width: 1280, height: 1280, scaling: .fit).fileSize(for: small) == (1280, 720))
        let cropped = OutputFrame(width: 1080, height: 1920, scaling: .stretch, crop: .init(x: 657, y: 1, width: 607, height: 1080)).layout(for: Self.landscape)
        #expect(cropped.crop == .init(x: 656, y: 0, width: 606, height: 1080), "even pixels, inside the picture")
        let placed = OutputFrame(width: 1920, height: 1080, position: .init(x: 960, y: 540, width: 480, height: 270)).layout(for: Self.landscape)
        #expect((placed.scaledWidth, placed.scaledHeight, placed.x, placed.y) == (480, 270, 960, 540))
    }

    @Test("the filter chain: rotation, crop, scale with the AntiAlias/Sharpness kernel, pad, format")
    func filterChain() {
        let rotated = DisplayGeometry(codedWidth: 1920, codedHeight: 1080, rotation: 90)
        let chain = OutputFrame(width: 1080, height: 1920, scaling: .fitWithPadding, sharpness: 100).filterDescription(for: rotated, pixelFormat: "yuv420p10le")
        #expect(chain == "transpose=clock,scale=1080:1920:flags=bicubic:param0=0:param1=1.0:out_range=tv,setsar=1,format=yuv420p10le")
        let soft = OutputFrame(width: 640, height: 640, antiAlias: false).filterDescription(for: Self.landscape)
        #expect(soft == "scale=640:360:flags=neighbor:out_range=tv,pad=640:640:0:140:black,setsar=1,format=yuv420p")
    }

    /// One rendition per frame from `three_seconds.mp4` (640×360); each compared with ffmpeg's
    /// rendering of the same MediaConvert behaviour, written out by hand.
    static let cases: [(name: String, frame: OutputFrame, reference: String, width: Int, height: Int)] = [
        ("portrait-default", OutputFrame(width: 180, height: 320), "scale=180:102:flags=bicubic,pad=180:320:0:108:black", 180, 320),
        ("portrait-fill-crop", OutputFrame(width: 180, height: 320, scaling: .fill, crop: .init(x: 100, y: 0, width: 400, height: 360)),
         "crop=400:360:100:0,scale=356:320:flags=bicubic,crop=180:320:88:0", 180, 320),
        ("position", OutputFrame(width: 320, height: 180, position: .init(x: 160, y: 90, width: 160, height: 90)),
         "scale=160:90:flags=bicubic,pad=320:180:160:90:black", 320, 180),
        ("stretch", OutputFrame(width: 200, height: 200, scaling: .stretch), "scale=200:200:flags=bicubic", 200, 200),
        ("fit", OutputFrame(width: 400, height: 400, scaling: .fit), "scale=400:226:flags=bicubic", 400, 226),
        ("fit-no-upscale", OutputFrame(width: 1280, height: 1280, scaling: .fitNoUpscale), "null", 640, 360),
    ]

    @Test("each frame: the planned size in ffprobe, and PSNR ≥ 35 dB against ffmpeg's filters (black where MediaConvert pads)")
    func ladder() async throws {
        let source = try await MediaCorpus.shared.path("three_seconds.mp4")
        let folder = try TestTools.temporaryDirectory("mw-frames")
        let renditions = Self.cases.map { Rendition(name: $0.name, shortSide: min($0.width, $0.height), videoBitrate: 3_000_000, frame: $0.frame) }
        let outputs = try await blocking {
            try LadderTranscoder(options: LadderOptions(renditions: renditions, preset: "ultrafast")).transcode(
                .file(source), outputPath: { folder.appendingPathComponent("\($0.name).mp4").path })
        }
        #expect(Set(outputs.map(\.name)) == Set(Self.cases.map(\.name)))
        for test in Self.cases {
            let output = try #require(outputs.first { $0.name == test.name })
            let video = try #require(try await FFmpegTools.streams(output.path).first { $0["codec_type"] as? String == "video" })
            #expect(video["width"] as? Int == test.width && video["height"] as? Int == test.height, "\(test.name): \(video["width"] ?? 0)×\(video["height"] ?? 0)")
            let reference = folder.appendingPathComponent("\(test.name)-reference.nut").path
            try await FFmpegTools.run(["-i", source, "-vf", test.reference + ",format=yuv420p", "-c:v", "ffv1", "-an", reference])
            let psnr = try await FFmpegTools.psnr(output.path, reference: reference, width: test.width, height: test.height)
            #expect(psnr >= 35, "\(test.name): \(psnr) dB against ffmpeg's \(test.reference)")
        }
    }
}

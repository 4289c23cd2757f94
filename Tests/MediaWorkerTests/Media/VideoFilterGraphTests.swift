import Foundation
@testable import MediaWorkerMedia
import Testing

/// libavfilter through the dlopen loader: a graph built from a description for the decoded
/// input gives what the ffmpeg CLI's `-vf` gives for the same file, measured by ffmpeg's psnr.
@Suite("Video filter graph (libavfilter)")
struct VideoFilterGraphTests {
    /// A lossless generated source (FFV1), so both sides filter identical pictures.
    static func source(_ folder: URL, _ name: String, size: String, pixelFormat: String, extra: [String] = []) async throws -> String {
        let path = folder.appendingPathComponent(name).path
        try await FFmpegTools.run(["-f", "lavfi", "-i", "testsrc2=size=\(size):rate=25", "-frames:v", "12"] + extra
            + ["-pix_fmt", pixelFormat, "-c:v", "ffv1", path])
        return path
    }

    /// Our graph's pictures, concatenated as rawvideo.
    static func ours(_ path: String, _ description: String, to output: String) throws -> [VideoFileFilter.Picture] {
        var pictures: [VideoFileFilter.Picture] = []
        var bytes = Data()
        try VideoFileFilter.filter(path, through: description) { picture in
            pictures.append(VideoFileFilter.Picture(width: picture.width, height: picture.height, pixelFormat: picture.pixelFormat, timestamp: picture.timestamp, bytes: []))
            bytes.append(contentsOf: picture.bytes)
        }
        try bytes.write(to: URL(fileURLWithPath: output))
        return pictures
    }

    /// ffmpeg's average PSNR of two rawvideo files of the same geometry and format.
    static func rawPSNR(_ a: String, _ b: String, size: String, pixelFormat: String) async throws -> Double {
        let raw = ["-f", "rawvideo", "-pix_fmt", pixelFormat, "-s", size]
        let result = try await blocking { try ProcessRunner.runBlocking("/usr/bin/ffmpeg", ["-nostdin"] + raw + ["-i", a] + raw + ["-i", b, "-lavfi", "[0:v][1:v]psnr", "-f", "null", "-"]) }
        guard let range = result.stderr.range(of: #"average:([0-9.]+|inf)"#, options: .regularExpression) else {
            throw TestTools.Missing(description: "no PSNR from ffmpeg: \(result.stderr.suffix(400))")
        }
        let value = result.stderr[range].dropFirst("average:".count)
        return value == "inf" ? 100 : Double(value) ?? 0
    }

    @Test("scale + format (8-bit in, 10-bit out) matches ffmpeg -vf on the same source (PSNR ≥ 50 dB), every frame, in order",
          arguments: ["yuv420p", "yuv422p10le"])
    func scaleAndFormat(_ sourceFormat: String) async throws {
        let folder = try TestTools.temporaryDirectory("mw-filter")
        let source = try await Self.source(folder, "source.mkv", size: "320x240", pixelFormat: sourceFormat)
        let description = "scale=176:144:flags=bicubic,format=yuv420p10le"
        let ours = folder.appendingPathComponent("ours.yuv").path
        let reference = folder.appendingPathComponent("reference.yuv").path
        let pictures = try await blocking { try Self.ours(source, description, to: ours) }
        try await FFmpegTools.run(["-i", source, "-vf", description, "-f", "rawvideo", "-pix_fmt", "yuv420p10le", reference])
        #expect(pictures.count == 12)
        #expect(pictures.allSatisfy { $0.width == 176 && $0.height == 144 && $0.pixelFormat == "yuv420p10le" })
        #expect(pictures.map(\.timestamp) == pictures.map(\.timestamp).sorted() && Set(pictures.map(\.timestamp)).count == 12)
        let size = try FileManager.default.attributesOfItem(atPath: ours)[.size] as? Int
        #expect(size == 12 * 176 * 144 * 3 / 2 * 2)
        let psnr = try await Self.rawPSNR(ours, reference, size: "176x144", pixelFormat: "yuv420p10le")
        #expect(psnr >= 50, "PSNR \(psnr) dB against ffmpeg -vf \(description)")
    }

    @Test("bwdif holds a frame back and flushes it at the end: 8- and 10-bit interlaced pictures as ffmpeg -vf bwdif",
          arguments: ["yuv420p", "yuv420p10le"])
    func bwdifFlush(_ pixelFormat: String) async throws {
        let folder = try TestTools.temporaryDirectory("mw-filter")
        let source = try await Self.source(folder, "interlaced.mkv", size: "320x240", pixelFormat: pixelFormat,
                                           extra: ["-vf", "tinterlace=interleave_top,fieldorder=tff,setfield=tff"])
        let description = "bwdif=mode=send_frame:parity=tff:deint=all"
        let ours = folder.appendingPathComponent("ours.yuv").path
        let reference = folder.appendingPathComponent("reference.yuv").path
        let pictures = try await blocking { try Self.ours(source, description, to: ours) }
        try await FFmpegTools.run(["-i", source, "-vf", description, "-f", "rawvideo", "-pix_fmt", pixelFormat, reference])
        let expected = try FileManager.default.attributesOfItem(atPath: reference)[.size] as? Int ?? 0
        let frameBytes = 320 * 240 * 3 / 2 * (pixelFormat.hasSuffix("10le") ? 2 : 1)
        #expect(pictures.count == expected / frameBytes && pictures.count >= 6, "\(pictures.count) pictures, ffmpeg \(expected / frameBytes)")
        #expect(pictures.allSatisfy { $0.pixelFormat == pixelFormat })
        let psnr = try await Self.rawPSNR(ours, reference, size: "320x240", pixelFormat: pixelFormat)
        #expect(psnr >= 50, "PSNR \(psnr) dB against ffmpeg -vf \(description)")
    }

    @Test("an unknown filter is a MediaError with libavfilter's call and code as cause")
    func invalidDescription() async throws {
        let folder = try TestTools.temporaryDirectory("mw-filter")
        let source = try await Self.source(folder, "source.mkv", size: "64x48", pixelFormat: "yuv420p")
        let error = try #require(throws: MediaError.self) { try VideoFileFilter.filter(source, through: "scale=32:24,nosuchfilter") { _ in } }
        #expect(error.code == .invalidArgument)
        #expect(error.cause?.function == "avfilter_graph_parse_ptr")
        #expect((error.cause?.cause ?? 0) < 0)
        #expect(error.message.contains("nosuchfilter"))
    }

    @Test("libavfilter is loaded with the other libraries and reports its version")
    func version() throws {
        try FFmpegLibraries.load()
        #expect(FFmpegLibraries.versions.contains("libavfilter 8."))
    }
}

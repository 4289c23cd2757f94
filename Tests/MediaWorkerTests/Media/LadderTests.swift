import Foundation
import MediaWorkerMedia
import Testing

@Suite("Rendition ladder, checked with ffprobe and ffmpeg")
struct LadderTests {
    /// File → the renditions expected with the default ladder: name, width, height.
    static let cases: [(String, [(String, Int, Int)])] = [
        ("h264_aac.mp4", [("720p", 1280, 720), ("480p", 854, 480), ("360p", 640, 360)]),
        ("portrait_rotate90.mp4", [("720p", 720, 1280), ("480p", 480, 854), ("360p", 360, 640)]),
        ("anamorphic_720x576.mp4", [("480p", 640, 480), ("360p", 480, 360)]),
        ("odd_853x480.mp4", [("480p", 852, 480), ("360p", 640, 360)]),
        ("odd_1918x1080.mp4", [("1080p", 1918, 1080), ("720p", 1278, 720), ("480p", 852, 480), ("360p", 640, 360)]),
        ("vfr.mp4", [("360p", 640, 360)]),
        ("interlaced_576i.mp4", [("480p", 600, 480), ("360p", 450, 360)]),
        ("no_audio.mp4", [("360p", 640, 360)]),
        ("surround51.mp4", [("360p", 320, 240)]),
        ("short_half_second.mp4", [("360p", 320, 240)]),
        ("hevc_aac.mkv", [("360p", 640, 360)]),
        ("vp9_opus.webm", [("360p", 320, 240)]),
        ("prores_pcm.mov", [("360p", 320, 240)]),
        ("mpeg2_mp2.ts", [("360p", 640, 360)]),
    ]

    @Test("each rendition: planned size, H.264 High + AAC stereo 48 kHz, CFR, duration within 0.2 s, faststart", arguments: cases)
    func renditions(_ name: String, _ expected: [(String, Int, Int)]) async throws {
        let path = try await MediaCorpus.shared.path(name)
        let folder = try TestTools.temporaryDirectory("mw-ladder")
        let source = try await blocking { try MediaProber().probe(.file(path)) }
        let hasAudio = !source.audio.isEmpty
        let progress = ProgressLog()
        let outputs = try await blocking { try LadderTranscoder().transcode(
            .file(path), outputPath: { folder.appendingPathComponent("\($0.name).mp4").path }, progress: { progress.append($0) }) }
        #expect(outputs.map(\.name) == expected.map(\.0))
        #expect(progress.values.last == 1)
        #expect(progress.values == progress.values.sorted())
        for ((rung, width, height), output) in zip(expected, outputs) {
            let reference = try await FFmpegTools.probe(output.path)
            let streams = reference["streams"] as? [[String: Any]] ?? []
            let video = try #require(streams.first { $0["codec_type"] as? String == "video" })
            #expect(video["codec_name"] as? String == "h264")
            #expect(video["profile"] as? String == "High")
            #expect(video["width"] as? Int == width && video["height"] as? Int == height, "\(name) \(rung): \(video["width"] ?? 0)×\(video["height"] ?? 0)")
            #expect(video["pix_fmt"] as? String == "yuv420p")
            #expect((video["field_order"] as? String ?? "progressive") == "progressive")
            #expect(video["r_frame_rate"] as? String == video["avg_frame_rate"] as? String, "\(name): constant frame rate")
            #expect((video["side_data_list"] as? [[String: Any]]) == nil, "upright pixels, no display matrix")
            let audio = streams.first { $0["codec_type"] as? String == "audio" }
            #expect((audio != nil) == hasAudio)
            if let audio {
                #expect(audio["codec_name"] as? String == "aac")
                #expect(audio["channels"] as? Int == 2)
                #expect(audio["sample_rate"] as? String == "48000")
            }
            let duration = Double((reference["format"] as? [String: Any])?["duration"] as? String ?? "") ?? 0
            let sourceDuration = try #require(source.container.duration)
            #expect(abs(duration - sourceDuration) <= 0.2, "\(name) \(rung): \(duration) s vs source \(sourceDuration) s")
            let head = try FileHandle(forReadingFrom: URL(fileURLWithPath: output.path)).read(upToCount: 64 << 10) ?? Data()
            let moov = head.range(of: Data("moov".utf8))?.lowerBound
            let mdat = head.range(of: Data("mdat".utf8))?.lowerBound
            #expect(moov != nil && (mdat == nil || moov! < mdat!), "faststart: moov before mdat")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".") }, "no partial files left")
    }

    @Test("quality: each rendition against the source scaled the same way by ffmpeg (PSNR ≥ 32 dB)")
    func quality() async throws {
        let path = try await MediaCorpus.shared.path("h264_aac.mp4")
        let folder = try TestTools.temporaryDirectory("mw-quality")
        let outputs = try await blocking { try LadderTranscoder().transcode(.file(path), outputPath: { folder.appendingPathComponent("\($0.name).mp4").path }) }
        for output in outputs {
            let psnr = try await FFmpegTools.psnr(output.path, reference: path, width: output.width, height: output.height)
            #expect(psnr >= 32, "\(output.name): PSNR \(psnr) dB")
        }
        // A starved encode measurably loses, so the check can fail.
        var starved = LadderOptions(renditions: [Rendition(name: "360p", shortSide: 360, videoBitrate: 30_000)])
        starved.preset = "ultrafast"
        let starvedOptions = starved
        let poor = try await blocking { try LadderTranscoder(options: starvedOptions).transcode(.file(path), outputPath: { folder.appendingPathComponent("poor_\($0.name).mp4").path }) }
        #expect(try await FFmpegTools.psnr(poor[0].path, reference: path, width: 640, height: 360) < 32)
    }

    @Test("variable frame rate becomes the average rate, with the frame count that implies")
    func variableFrameRate() async throws {
        let path = try await MediaCorpus.shared.path("vfr.mp4")
        let source = try await blocking { try MediaProber().probe(.file(path)) }
        let folder = try TestTools.temporaryDirectory("mw-vfr")
        let output = try await blocking { try LadderTranscoder().transcode(.file(path), outputPath: { folder.appendingPathComponent("\($0.name).mp4").path }) }[0]
        let video = try #require(try await FFmpegTools.streams(output.path).first { $0["codec_type"] as? String == "video" })
        let average = try #require(source.primaryVideo?.avgFrameRateValue)
        let rate = (video["r_frame_rate"] as? String ?? "").split(separator: "/").compactMap { Double($0) }
        #expect(rate.count == 2 && abs(rate[0] / rate[1] - average) < 0.01, "\(video["r_frame_rate"] ?? "") vs source average \(average)")
        let frames = Double(video["nb_frames"] as? String ?? "") ?? 0
        #expect(abs(frames - average * output.duration) <= 2, "\(frames) frames in \(output.duration) s")
    }
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Double] = []
    func append(_ value: Double) { lock.withLock { storage.append(value) } }
    var values: [Double] { lock.withLock { storage } }
}

import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import Testing

@Suite("Deinterlacer members: INVERSE_TELECINE recovers the film frames, BLEND and FORCE_ALL_FRAMES reach the graph")
struct DeinterlacerMemberTests {
    static func template(_ deinterlacer: String) throws -> JobTemplate {
        let text = """
            {"OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_p", "ContainerSettings": {"Container": "MP4"},
                "VideoDescription": {"Width": 320, "Height": 240, "VideoPreprocessors": {"Deinterlacer": {\(deinterlacer)}},
                  "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 3000000}}}}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "deinterlace.json")
    }

    @Test("a 3:2 telecined 29.97 source comes out 23.976 with the film's frames (PSNR ≥ 35 dB against the film)")
    func inverseTelecine() async throws {
        let folder = try TestTools.temporaryDirectory("mw-ivtc")
        let film = folder.appendingPathComponent("film.nut").path
        let telecined = folder.appendingPathComponent("telecined.mp4").path
        try await FFmpegTools.run(["-f", "lavfi", "-i", "testsrc2=s=320x240:r=24000/1001:d=3", "-c:v", "ffv1", film])
        try await FFmpegTools.run(["-i", film, "-vf", "telecine=pattern=23", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", telecined])
        let template = try Self.template(#""Mode": "INVERSE_TELECINE", "Algorithm": "INTERPOLATE", "Control": "NORMAL""#)
        #expect(!template.localWarnings.contains { $0.path.contains("Deinterlacer") }, "\(template.localWarnings)")
        let path = try await InputClippingTests.run(template, file: telecined)
        let video = try #require(try await FFmpegTools.streams(path).first { $0["codec_type"] as? String == "video" })
        #expect(video["avg_frame_rate"] as? String == "24000/1001")
        let frames = Int(video["nb_frames"] as? String ?? "") ?? 0
        #expect(abs(frames - 72) <= 2, "\(frames) frames of a 72-frame film")
        let psnr = try await FFmpegTools.psnr(path, reference: film, width: 320, height: 240)
        #expect(psnr >= 35, "\(psnr) dB against the film")
    }

    @Test("the template's Deinterlacer becomes the graph's filters")
    func filters() throws {
        let blend = try Self.template(#""Algorithm": "BLEND", "Control": "FORCE_ALL_FRAMES""#)
        let video = try #require(blend.outputGroups.first?.outputs.first?.video)
        #expect(video.deinterlacing == Deinterlacing(mode: .deinterlace, blend: true, forceAllFrames: true))
        let adaptive = try Self.template(#""Mode": "ADAPTIVE""#)
        #expect(adaptive.localWarnings.contains { $0.path.hasSuffix("Deinterlacer.Mode") && $0.message.contains("ADAPTIVE") })
    }
}

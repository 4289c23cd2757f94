import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import Testing

@Suite("TimecodeBurnin: drawtext timecode, compared with ffmpeg's drawtext and with the unmarked source")
struct TimecodeBurninTests {
    /// PSNR of the `crop` region (`w:h:x:y`) of two files, by ffmpeg.
    static func regionPSNR(_ a: String, _ b: String, crop: String) async throws -> Double {
        let graph = "[0:v]crop=\(crop),format=yuv420p[a];[1:v]crop=\(crop),format=yuv420p[b];[a][b]psnr"
        let result = try await ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-i", a, "-i", b, "-lavfi", graph, "-f", "null", "-"])
        guard let range = result.stderr.range(of: #"average:([0-9.]+|inf)"#, options: .regularExpression) else {
            throw TestTools.Missing(description: "no PSNR: \(result.stderr.suffix(300))")
        }
        let value = result.stderr[range].dropFirst("average:".count)
        return value == "inf" ? 100 : Double(value) ?? 0
    }

    @Test("BOTTOM_LEFT 32 px from TimecodeConfig.Start: the text area matches ffmpeg's drawtext, the rest the source")
    func burnin() async throws {
        let text = """
            {"TimecodeConfig": {"Source": "SPECIFIEDSTART", "Start": "01:00:00:00"},
             "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_tc", "ContainerSettings": {"Container": "MP4"},
                "VideoDescription": {"Width": 640, "Height": 360, "VideoPreprocessors": {"TimecodeBurnin": {"FontSize": 32, "Position": "BOTTOM_LEFT", "Prefix": "TC "}},
                  "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 6000000}}}}]}]}
            """
        let template = try JobTemplate.parse(Array(text.utf8), name: "burnin.json")
        #expect(!template.localWarnings.contains { $0.path.contains("TimecodeBurnin") || $0.path.contains("TimecodeConfig") }, "\(template.localWarnings)")
        let path = try await LocalTemplateTests.run(template)
        let source = try await MediaCorpus.shared.path("three_seconds.mp4")
        let reference = try TestTools.temporaryDirectory("mw-burnin").appendingPathComponent("reference.nut").path
        let drawtext = "drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf:timecode='01\\:00\\:00\\:00':rate=30/1:fontsize=32"
            + ":fontcolor=white:box=1:boxcolor=black:boxborderw=4:x=10:y=h-th-10:text='TC '"
        try await FFmpegTools.run(["-i", source, "-vf", drawtext + ",format=yuv420p", "-c:v", "ffv1", "-an", reference])
        let textArea = "320:60:0:300"
        let burned = try await Self.regionPSNR(path, reference, crop: textArea)
        #expect(burned >= 30, "text area vs ffmpeg's drawtext: \(burned) dB")
        let unmarked = try await Self.regionPSNR(path, source, crop: textArea)
        #expect(unmarked < burned - 10, "the text area differs from the source (\(unmarked) dB)")
        let above = try await Self.regionPSNR(path, source, crop: "640:280:0:0")
        #expect(above >= 35, "above the text, the source: \(above) dB")
    }

    /// PSNR of the `crop` region of two files from picture `from` on.
    static func regionPSNR(_ a: String, _ b: String, crop: String, from: Int) async throws -> Double {
        let cut = "trim=start_frame=\(from),setpts=PTS-STARTPTS,crop=\(crop),format=yuv420p"
        let result = try await ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-i", a, "-i", b, "-lavfi", "[0:v]\(cut)[a];[1:v]\(cut)[b];[a][b]psnr", "-f", "null", "-"])
        guard let range = result.stderr.range(of: #"average:([0-9.]+|inf)"#, options: .regularExpression) else {
            throw TestTools.Missing(description: "no PSNR: \(result.stderr.suffix(300))")
        }
        let value = result.stderr[range].dropFirst("average:".count)
        return value == "inf" ? 100 : Double(value) ?? 0
    }

    /// A 29.97 fps burn-in from 00:00:59:00 past the minute, as ffmpeg's drawtext draws it
    /// drop-frame (`;`: 00:01:00;02 follows 00:00:59;29) and not; each case's PSNR against both.
    static func dropFrame(_ member: String) async throws -> (dropFrame: Double, nonDropFrame: Double) {
        let folder = try TestTools.temporaryDirectory("mw-dropframe")
        let source = folder.appendingPathComponent("ntsc.mp4").path
        try await FFmpegTools.run(["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30000/1001:duration=3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", source])
        let text = """
            {"TimecodeConfig": {"Source": "SPECIFIEDSTART", "Start": "00:00:59:00"},
             "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_tc", "ContainerSettings": {"Container": "MP4"},
                "VideoDescription": {"Width": 640, "Height": 360, \(member) "VideoPreprocessors": {"TimecodeBurnin": {"FontSize": 32, "Position": "BOTTOM_LEFT"}},
                  "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 6000000}}}}]}]}
            """
        let template = try JobTemplate.parse(Array(text.utf8), name: "dropframe.json")
        #expect(!template.localWarnings.contains { $0.path.contains("Timecode") }, "\(template.localWarnings)")
        let output = try await LocalTemplateTests.run(template, file: source)
        var psnr: [Double] = []
        for separator in [";", ":"] {
            let reference = folder.appendingPathComponent("reference\(psnr.count).nut").path
            let drawtext = "drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf:timecode='00\\:00\\:59\(separator == ":" ? "\\:" : ";")00':rate=30000/1001"
                + ":fontsize=32:fontcolor=white:box=1:boxcolor=black:boxborderw=4:x=10:y=h-th-10"
            try await FFmpegTools.run(["-i", source, "-vf", drawtext + ",format=yuv420p", "-c:v", "ffv1", "-an", reference])
            // From picture 62 on, the two countings differ by two frames (00:01:00;02 against 00:01:00:00).
            psnr.append(try await Self.regionPSNR(output, reference, crop: "320:60:0:300", from: 62))
        }
        return (psnr[0], psnr[1])
    }

    @Test("DropFrameTimecode (ENABLED by default) at 29.97 fps: the burn-in counts drop-frame past the minute, as ffmpeg's drawtext with ';'")
    func dropFrameCounting() async throws {
        let found = try await Self.dropFrame("")
        #expect(found.dropFrame >= 30 && found.nonDropFrame < found.dropFrame - 5, "\(found)")
    }

    @Test("DropFrameTimecode DISABLED at 29.97 fps: every frame counted, as ffmpeg's drawtext with ':'")
    func nonDropFrameCounting() async throws {
        let found = try await Self.dropFrame(#""DropFrameTimecode": "DISABLED","#)
        #expect(found.nonDropFrame >= 30 && found.dropFrame < found.nonDropFrame - 5, "\(found)")
    }
}

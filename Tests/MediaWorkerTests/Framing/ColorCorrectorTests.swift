import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import Testing

/// `VideoPreprocessors.ColorCorrector` run locally, checked against ffmpeg's own zscale,
/// tonemap and eq filters and against the output's colour tags as ffprobe reads them.
@Suite("ColorCorrector: HDR10 to BT.709 tone mapped as zscale+tonemap does, tagged BT.709; brightness and contrast as eq")
struct ColorCorrectorTests {
    /// One 640×360 H.264 MP4 output with `corrector` as its ColorCorrector.
    static func template(_ corrector: String) throws -> JobTemplate {
        let text = """
            {"Inputs": [{"FileInput": "{{INPUT_URL}}"}],
             "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_cc", "ContainerSettings": {"Container": "MP4"},
                "VideoDescription": {"Width": 640, "Height": 360, "VideoPreprocessors": {"ColorCorrector": {\(corrector)}},
                  "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 6000000}}}}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "color.json")
    }

    /// The rendition of a local run.
    static func run(_ template: JobTemplate, file: String) async throws -> String {
        #expect(!template.localWarnings.contains { $0.path.contains("ColorCorrector") }, "\(template.localWarnings)")
        return try await InputClippingTests.run(template, file: file)
    }

    /// 2 s of testsrc2 at 640×360 (the output's size: a plain Width and Height never upscale)
    /// made HDR10: PQ transfer with SDR white at 100 nits, BT.2020
    /// primaries and matrix, 10-bit HEVC tagged so.
    static func hdrSource() async throws -> String {
        let path = try TestTools.temporaryDirectory("mw-color-hdr").appendingPathComponent("hdr10.mp4").path
        try await FFmpegTools.run([
            "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=2",
            "-vf", "format=yuv420p,zscale=tin=709:min=709:pin=709:rin=tv:p=2020:t=smpte2084:m=2020_ncl:r=tv:npl=100,format=yuv420p10le",
            "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error:colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc",
            "-color_primaries", "bt2020", "-color_trc", "smpte2084", "-colorspace", "bt2020nc", path,
        ])
        return path
    }

    /// `filter` applied by ffmpeg to `file`, losslessly (FFV1).
    static func reference(_ file: String, _ filter: String, name: String) async throws -> String {
        let path = (file as NSString).deletingLastPathComponent + "/\(name).mkv"
        try await FFmpegTools.run(["-i", file, "-vf", filter, "-c:v", "ffv1", path])
        return path
    }

    /// The PSNR of `output` against ffmpeg's `filter` of `source`, and against `source` unchanged.
    static func nearAndFar(_ output: String, source: String, filter: String) async throws -> (near: Double, far: Double) {
        let expected = try await reference(source, filter, name: "expected")
        let plain = try await reference(source, "format=yuv420p", name: "plain")
        return (try await FFmpegTools.psnr(output, reference: expected, width: 640, height: 360),
                try await FFmpegTools.psnr(output, reference: plain, width: 640, height: 360))
    }

    @Test("FORCE_709 of an HDR10 source: within 35 dB of ffmpeg's zscale+tonemap=hable, far from a conversion without tone mapping; tagged BT.709")
    func hdrToSdr() async throws {
        let source = try await Self.hdrSource()
        let streams = try await FFmpegTools.streams(source)
        #expect(streams.first?["color_transfer"] as? String == "smpte2084", "the source is HDR10: \(streams)")
        let output = try await Self.run(try Self.template(#""ColorSpaceConversion": "FORCE_709", "HdrToSdrToneMapper": "PRESERVE_DETAILS""#), file: source)

        let video = try #require(try await FFmpegTools.streams(output).first { $0["codec_type"] as? String == "video" })
        #expect(video["color_primaries"] as? String == "bt709" && video["color_transfer"] as? String == "bt709" && video["color_space"] as? String == "bt709", "\(video)")
        #expect(video["pix_fmt"] as? String == "yuv420p")

        let toneMapped = try await Self.reference(
            source, "zscale=tin=smpte2084:pin=bt2020:min=bt2020nc:t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=hable:desat=0,zscale=t=709:m=709:r=tv,format=yuv420p",
            name: "tonemapped")
        let clipped = try await Self.reference(source, "zscale=tin=smpte2084:pin=bt2020:min=bt2020nc:t=709:p=709:m=709:r=tv,format=yuv420p", name: "clipped")
        let near = try await FFmpegTools.psnr(output, reference: toneMapped, width: 640, height: 360)
        let far = try await FFmpegTools.psnr(output, reference: clipped, width: 640, height: 360)
        print("ColorCorrector HDR10 → BT.709: \(near) dB vs zscale+tonemap, \(far) dB vs the conversion without tone mapping")
        #expect(near >= 35, "against ffmpeg's tone mapping: \(near) dB")
        #expect(far < near - 5, "the tone mapping changes the picture: \(far) dB without it, \(near) dB with it")
    }

    @Test("Brightness 70, Contrast 60, Saturation 40 on an SDR source: within 35 dB of ffmpeg's eq, far from the unadjusted picture")
    func adjustments() async throws {
        let source = try TestTools.temporaryDirectory("mw-color-sdr").appendingPathComponent("sdr.mp4").path
        try await FFmpegTools.run(["-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=2", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "10", "-pix_fmt", "yuv420p", source])
        let output = try await Self.run(try Self.template(#""Brightness": 70, "Contrast": 60, "Saturation": 40"#), file: source)
        let (near, far) = try await Self.nearAndFar(output, source: source, filter: "eq=brightness=0.2:contrast=1.2:saturation=0.8,format=yuv420p")
        print("ColorCorrector adjustments: \(near) dB vs ffmpeg's eq, \(far) dB vs unadjusted")
        #expect(near >= 35 && far < near - 5, "\(near) dB vs eq, \(far) dB vs unadjusted")
    }

    @Test(
        "an SDR source in the other matrix: converted as ffmpeg's colorspace filter converts it, far from the unconverted picture, tagged as the target",
        arguments: ["FORCE_601", "FORCE_709"])
    func sdrMatrix(conversion: String) async throws {
        // The source's tags, ffmpeg's colorspace target, the output's tags (primaries, transfer, matrix).
        let (tags, all, expected) = conversion == "FORCE_601"
            ? (["bt709", "bt709", "bt709"], "bt601-6-625", ["bt470bg", "bt709", "bt470bg"])
            : (["smpte170m", "smpte170m", "smpte170m"], "bt709", ["bt709", "bt709", "bt709"])
        let source = try TestTools.temporaryDirectory("mw-color-matrix").appendingPathComponent("\(tags[2]).mp4").path
        try await FFmpegTools.run([
            "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=2", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "10", "-pix_fmt", "yuv420p",
            "-color_primaries", tags[0], "-color_trc", tags[1], "-colorspace", tags[2], source,
        ])
        let input = try #require(try await FFmpegTools.streams(source).first)
        #expect(input["color_space"] as? String == tags[2], "the source is tagged \(tags[2]): \(input)")
        let output = try await Self.run(try Self.template(#""ColorSpaceConversion": "\#(conversion)""#), file: source)
        let video = try #require(try await FFmpegTools.streams(output).first { $0["codec_type"] as? String == "video" })
        #expect([video["color_primaries"], video["color_transfer"], video["color_space"]].map { $0 as? String } == expected, "\(video)")
        let (near, far) = try await Self.nearAndFar(output, source: source, filter: "colorspace=all=\(all):format=yuv444p12,format=yuv420p")
        print("ColorCorrector \(conversion) of \(tags[2]): \(near) dB vs ffmpeg's colorspace, \(far) dB vs unconverted")
        #expect(near >= 35 && far < near - 5, "\(near) dB vs colorspace=all=\(all), \(far) dB vs unconverted")
    }

    @Test("the conversions the engine does not make are warned about and leave the colour space as it is; values out of range are refused")
    func classification() throws {
        let hdr10 = try Self.template(#""ColorSpaceConversion": "FORCE_HDR10""#)
        #expect(hdr10.localWarnings.contains { $0.path.hasSuffix("ColorCorrector.ColorSpaceConversion") && $0.message.contains("FORCE_HDR10") }, "\(hdr10.localWarnings)")
        #expect(hdr10.outputGroups.first?.outputs.first?.video?.colorCorrection?.conversion == ColorCorrection.Conversion.none)
        let error = #expect(throws: TemplateError.self) { try Self.template(#""Brightness": 0, "HdrToSdrToneMapper": "DULL""#) }
        let paths = error?.issues.map(\.path) ?? []
        #expect(paths.contains { $0.hasSuffix("ColorCorrector.Brightness") } && paths.contains { $0.hasSuffix("ColorCorrector.HdrToSdrToneMapper") }, "\(paths)")
    }
}

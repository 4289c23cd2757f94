import Foundation
import MediaWorkerJobs
import Testing

/// `Inputs[0].VideoSelector.Rotate` as MediaConvert documents it: no rotation by default, even
/// with rotation metadata; AUTO follows the metadata; DEGREES_90/180/270 turn the pictures.
/// Checked on the output's size and against ffmpeg's own turn of the source.
@Suite("VideoSelector.Rotate: none by default, AUTO from the display matrix, fixed turns as ffmpeg's transpose")
struct InputRotateTests {
    static func template(rotate: String?) throws -> JobTemplate {
        let selector = rotate.map { #"{"Rotate": "\#($0)"}"# } ?? "{}"
        let text = """
            {"Inputs": [{"VideoSelector": \(selector), "AudioSelectors": {"Audio Selector 1": {"DefaultSelection": "DEFAULT"}}}],
             "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_360p", "ContainerSettings": {"Container": "MP4"},
                "VideoDescription": {"Width": 640, "Height": 360, "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 3000000}}},
                "AudioDescriptions": [{"CodecSettings": {"Codec": "AAC", "AacSettings": {"Bitrate": 96000, "SampleRate": 48000, "CodingMode": "CODING_MODE_2_0"}}}]}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "rotate.json")
    }

    static func size(_ path: String) async throws -> String {
        let probe = try await ProcessRunner.run("/usr/bin/ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path])
        return probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// PSNR of `output` against ffmpeg's `filter` of `source` over 2 s, with ffmpeg's own
    /// autorotation or without it. The sources are busy test patterns, encoded at CBR: the
    /// right picture scores above 20 dB, a wrongly turned one about 6.
    static func psnr(_ output: String, source: String, filter: String, autorotate: Bool = false) async throws -> Double {
        let reference = try TestTools.temporaryDirectory("mw-rotate").appendingPathComponent("reference.nut").path
        try await FFmpegTools.run((autorotate ? [] : ["-noautorotate"]) + ["-i", source, "-t", "2", "-vf", filter + ",format=yuv420p", "-c:v", "ffv1", "-an", reference])
        return try await TimecodeBurninTests.regionPSNR(output, reference, crop: "iw:ih:0:0")
    }

    @Test("no Rotate, a source with a 90° display matrix: not turned (MediaConvert's default), 640×360 as coded")
    func noRotation() async throws {
        let source = try await MediaCorpus.shared.path("portrait_rotate90.mp4")
        let output = try await LocalTemplateTests.run(try Self.template(rotate: nil), file: source)
        #expect(try await Self.size(output) == "640,360")
        let unturned = try await Self.psnr(output, source: source, filter: "scale=640:360")
        let halfTurned = try await Self.psnr(output, source: source, filter: "hflip,vflip,scale=640:360")
        #expect(unturned >= 20 && unturned >= halfTurned + 10, "unturned \(unturned) dB, half-turned \(halfTurned) dB")
    }

    @Test("Rotate AUTO, the same source: turned by its display matrix, 360×640, as ffmpeg's autorotation turns it")
    func automatic() async throws {
        let source = try await MediaCorpus.shared.path("portrait_rotate90.mp4")
        let output = try await LocalTemplateTests.run(try Self.template(rotate: "AUTO"), file: source)
        #expect(try await Self.size(output) == "360,640")
        let upright = try await Self.psnr(output, source: source, filter: "scale=360:640", autorotate: true)
        let otherWay = try await Self.psnr(output, source: source, filter: "hflip,vflip,scale=360:640", autorotate: true)
        #expect(upright >= 20 && upright >= otherWay + 10, "as ffmpeg turns it \(upright) dB, the other way \(otherWay) dB")
    }

    /// A fixed turn: the Rotate value, the output size, ffmpeg's same turn and a wrong one.
    struct Turn: Sendable, CustomTestStringConvertible {
        let rotate: String
        let size: String
        let filter: String
        let wrong: String
        var testDescription: String { "\(rotate): \(size), as ffmpeg's \(filter)" }
    }

    @Test("Rotate DEGREES_180 / DEGREES_90 on an unrotated source: turned clockwise as ffmpeg turns it, far from the wrong turn", arguments: [
        Turn(rotate: "DEGREES_180", size: "640,360", filter: "hflip,vflip", wrong: "null"),
        Turn(rotate: "DEGREES_90", size: "360,640", filter: "transpose=clock", wrong: "transpose=cclock"),
    ])
    func fixedTurn(_ turn: Turn) async throws {
        let source = try await MediaCorpus.shared.path("three_seconds.mp4")
        let output = try await LocalTemplateTests.run(try Self.template(rotate: turn.rotate), file: source)
        #expect(try await Self.size(output) == turn.size)
        let right = try await Self.psnr(output, source: source, filter: turn.filter)
        let wrong = try await Self.psnr(output, source: source, filter: turn.wrong)
        #expect(right >= 20 && wrong < right - 10, "as ffmpeg turns it \(right) dB, the wrong turn \(wrong) dB")
    }

    @Test("an unknown Rotate value is refused, naming the values MediaConvert takes")
    func refused() throws {
        #expect(throws: (any Error).self) { try Self.template(rotate: "DEGREES_45") }
    }
}

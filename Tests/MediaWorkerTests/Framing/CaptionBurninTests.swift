import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import Testing

@Suite("BURN_IN captions: an SRT or WebVTT sidecar rendered by libass, compared with ffmpeg's subtitles filter and with the unmarked encode")
struct CaptionBurninTests {
    static let srt = "1\n00:00:00,500 --> 00:00:01,500\nHello burned world\n\n2\n00:00:02,500 --> 00:00:03,400\nA second cue\n"

    /// A one-output 640×360 template whose input has the caption selector `sidecar`, burned in with `settings`.
    static func template(sidecar: String, settings: String?, input: String = "", fileSource: String = "") throws -> JobTemplate {
        let captions = settings.map {
            #""CaptionDescriptions": [{"CaptionSelectorName": "Captions Selector 1", "DestinationSettings": {"DestinationType": "BURN_IN", "BurninDestinationSettings": {\#($0)}}}],"#
        } ?? ""
        let text = """
            {"Inputs": [{"FileInput": "{{INPUT_URL}}", \(input) "CaptionSelectors": {"Captions Selector 1": {"SourceSettings": {"SourceType": "\(sidecar.hasSuffix(".vtt") ? "WEBVTT" : "SRT")", "FileSourceSettings": {\(fileSource) "SourceFile": "\(sidecar)"}}}}}],
             "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_cc", "ContainerSettings": {"Container": "MP4"}, \(captions)
                "VideoDescription": {"Width": 640, "Height": 360, "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 8000000}}}}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "burnin-captions.json")
    }

    /// The SRT's cues as WebVTT.
    static let vtt = "WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nHello burned world\n\n00:00:02.500 --> 00:00:03.400\nA second cue\n"

    /// White 24 px text with a black 2 px outline (the ASS style ffmpeg's subtitles filter is forced to).
    static let outlined = (
        #""FontSize": 24, "FontColor": "WHITE", "FontOpacity": 255, "OutlineColor": "BLACK", "OutlineSize": 2, "Alignment": "CENTERED", "ShadowColor": "NONE", "BackgroundColor": "NONE", "TeletextSpacing": "PROPORTIONAL", "FontScript": "AUTOMATIC""#,
        "PrimaryColour=&H00FFFFFF,OutlineColour=&H00000000,BorderStyle=1,Outline=2"
    )
    /// Yellow text on an opaque black box.
    static let boxed = (
        #""FontSize": 24, "FontColor": "YELLOW", "FontOpacity": 255, "OutlineSize": 2, "BackgroundColor": "BLACK", "BackgroundOpacity": 255"#,
        "PrimaryColour=&H0000FFFF,OutlineColour=&H00000000,BorderStyle=3,Outline=2"
    )

    @Test("24 px text centred at the bottom: ffmpeg's subtitles inside the cues, the unmarked encode outside", arguments: [
        ("srt", outlined.0, outlined.1), ("vtt", outlined.0, outlined.1), ("srt", boxed.0, boxed.1),
    ])
    func burnedIn(format: String, settings: String, forcedStyle: String) async throws {
        let (video, _) = try await ImageInserterTests.sources()
        let folder = (video as NSString).deletingLastPathComponent as NSString
        let srt = folder.appendingPathComponent("cues.srt")
        try Data(Self.srt.utf8).write(to: URL(fileURLWithPath: srt))
        let sidecar = folder.appendingPathComponent("sidecar.\(format)")
        try Data((format == "vtt" ? Self.vtt : Self.srt).utf8).write(to: URL(fileURLWithPath: sidecar))
        let template = try Self.template(sidecar: "file://\(sidecar)", settings: settings)
        #expect(!template.localWarnings.contains { $0.path.contains("Caption") }, "\(template.localWarnings)")
        let burned = try await InputClippingTests.run(template, file: video)
        let plain = try await InputClippingTests.run(try Self.template(sidecar: srt, settings: nil), file: video)
        let reference = ((video as NSString).deletingLastPathComponent as NSString).appendingPathComponent("reference.nut")
        let style = "PlayResX=640,PlayResY=360,Fontname=DejaVu Sans,Fontsize=24,\(forcedStyle),Shadow=0,Alignment=2,MarginL=32,MarginR=32,MarginV=18"
        try await FFmpegTools.run([
            "-i", video, "-vf", "subtitles=filename=\(srt):fontsdir=/usr/share/fonts/truetype/dejavu:force_style='\(style)',format=yuv420p", "-c:v", "ffv1", reference,
        ])
        let area = "640:80:0:280"
        let cue = try await FFmpegTools.regionPSNR(burned, reference, crop: area, from: 0.6, to: 1.4)
        let secondCue = try await FFmpegTools.regionPSNR(burned, reference, crop: area, from: 2.6, to: 3.3)
        let unmarked = try await FFmpegTools.regionPSNR(burned, plain, crop: area, from: 0.6, to: 1.4)
        let between = try await FFmpegTools.regionPSNR(burned, plain, crop: area, from: 1.6, to: 2.4)
        let before = try await FFmpegTools.regionPSNR(burned, plain, crop: area, from: 0, to: 0.4)
        let above = try await FFmpegTools.regionPSNR(burned, plain, crop: "640:260:0:0", from: 0.6, to: 1.4)
        print("BURN_IN captions (\(format), \(forcedStyle)): \(cue)/\(secondCue) dB vs ffmpeg's subtitles in the cues, \(unmarked) dB vs unmarked in a cue, \(before)/\(between) dB outside, \(above) dB above")
        #expect(cue >= 30 && secondCue >= 30, "caption area vs ffmpeg's subtitles: \(cue), \(secondCue) dB")
        #expect(unmarked < cue - 10, "the caption area differs from the unmarked encode during a cue: \(unmarked) dB")
        #expect(before >= 35 && between >= 35, "outside the cues, the unmarked encode: \(before), \(between) dB")
        #expect(above >= 35, "above the captions, the unmarked encode: \(above) dB")
    }

    @Test("with InputClippings from 1 s, the cues keep their place on the input: the first shows at the output's start")
    func clipped() async throws {
        let (video, _) = try await ImageInserterTests.sources()
        let folder = (video as NSString).deletingLastPathComponent as NSString
        let srt = folder.appendingPathComponent("cues.srt")
        try Data(Self.srt.utf8).write(to: URL(fileURLWithPath: srt))
        let clip = #""TimecodeSource": "ZEROBASED", "InputClippings": [{"StartTimecode": "00:00:01:00"}],"#
        let burned = try await InputClippingTests.run(try Self.template(sidecar: srt, settings: Self.outlined.0, input: clip), file: video)
        let plain = try await InputClippingTests.run(try Self.template(sidecar: srt, settings: nil, input: clip), file: video)
        let reference = folder.appendingPathComponent("clipped-reference.nut")
        let style = "PlayResX=640,PlayResY=360,Fontname=DejaVu Sans,Fontsize=24,\(Self.outlined.1),Shadow=0,Alignment=2,MarginL=32,MarginR=32,MarginV=18"
        try await FFmpegTools.run([
            "-i", video, "-vf", "subtitles=filename=\(srt):fontsdir=/usr/share/fonts/truetype/dejavu:force_style='\(style)',trim=start=1,setpts=PTS-STARTPTS,format=yuv420p",
            "-c:v", "ffv1", reference,
        ])
        let area = "640:80:0:280"
        let first = try await FFmpegTools.regionPSNR(burned, reference, crop: area, from: 0, to: 0.4)
        let gap = try await FFmpegTools.regionPSNR(burned, plain, crop: area, from: 0.6, to: 1.4)
        let second = try await FFmpegTools.regionPSNR(burned, reference, crop: area, from: 1.6, to: 2.3)
        print("BURN_IN captions, clipped: \(first)/\(second) dB vs ffmpeg's subtitles cut at 1 s, \(gap) dB vs unmarked between the cues")
        #expect(first >= 30 && second >= 30, "the cues where the input has them: \(first), \(second) dB")
        #expect(gap >= 35, "no caption between the cues: \(gap) dB")
    }

    @Test("TimeDelta 1000 MILLISECONDS: every cue a second later, as ffmpeg burns the SRT written a second later")
    func timeDelta() async throws {
        let (video, _) = try await ImageInserterTests.sources()
        let folder = (video as NSString).deletingLastPathComponent as NSString
        let srt = folder.appendingPathComponent("cues.srt")
        try Data(Self.srt.utf8).write(to: URL(fileURLWithPath: srt))
        let later = folder.appendingPathComponent("later.srt")
        try Data("1\n00:00:01,500 --> 00:00:02,500\nHello burned world\n".utf8).write(to: URL(fileURLWithPath: later))
        let template = try Self.template(sidecar: srt, settings: Self.outlined.0, fileSource: #""TimeDelta": 1000, "TimeDeltaUnits": "MILLISECONDS","#)
        #expect(!template.localWarnings.contains { $0.path.contains("TimeDelta") }, "\(template.localWarnings)")
        let burned = try await InputClippingTests.run(template, file: video)
        let plain = try await InputClippingTests.run(try Self.template(sidecar: srt, settings: nil), file: video)
        let reference = folder.appendingPathComponent("later-reference.nut")
        let style = "PlayResX=640,PlayResY=360,Fontname=DejaVu Sans,Fontsize=24,\(Self.outlined.1),Shadow=0,Alignment=2,MarginL=32,MarginR=32,MarginV=18"
        try await FFmpegTools.run(["-i", video, "-vf", "subtitles=filename=\(later):fontsdir=/usr/share/fonts/truetype/dejavu:force_style='\(style)',format=yuv420p", "-c:v", "ffv1", reference])
        let area = "640:80:0:280"
        let before = try await FFmpegTools.regionPSNR(burned, plain, crop: area, from: 0.6, to: 1.4)
        let moved = try await FFmpegTools.regionPSNR(burned, reference, crop: area, from: 1.6, to: 2.4)
        print("BURN_IN captions, TimeDelta: \(moved) dB vs ffmpeg's subtitles a second later, \(before) dB vs unmarked where the cue was")
        #expect(moved >= 30, "the cue a second later: \(moved) dB")
        #expect(before >= 35, "nothing where the cue was: \(before) dB")
    }

    @Test("FontScript AUTOMATIC is not warned, HANS is; a second BURN_IN description is warned")
    func classification() throws {
        let automatic = try Self.template(sidecar: "cues.srt", settings: #""FontScript": "AUTOMATIC""#)
        #expect(!automatic.localWarnings.contains { $0.path.contains("CaptionDescriptions") }, "\(automatic.localWarnings)")
        let hans = try Self.template(sidecar: "cues.srt", settings: #""FontScript": "HANS""#)
        #expect(hans.localWarnings.contains { $0.path.hasSuffix("BurninDestinationSettings.FontScript") }, "\(hans.localWarnings)")
        let text = """
            {"OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"CaptionDescriptions": [{"DestinationSettings": {"DestinationType": "BURN_IN"}}, {"DestinationSettings": {"DestinationType": "BURN_IN"}}],
                "VideoDescription": {"CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 1000000}}}}]}]}
            """
        let twice = try JobTemplate.parse(Array(text.utf8), name: "twice.json")
        #expect(twice.localWarnings.contains { $0.path.hasSuffix("Outputs[0].CaptionDescriptions") && $0.message.contains("first BURN_IN") }, "\(twice.localWarnings)")
    }

    @Test("a sidecar in S3 is refused with the gap named")
    func s3Sidecar() async throws {
        let (video, _) = try await ImageInserterTests.sources()
        let template = try Self.template(sidecar: "s3://bucket/cues.srt", settings: #""FontSize": 24"#)
        await #expect {
            _ = try await InputClippingTests.run(template, file: video)
        } throws: { error in
            "\(error)".contains("s3://bucket/cues.srt") && "\(error)".contains("side inputs")
        }
    }
}

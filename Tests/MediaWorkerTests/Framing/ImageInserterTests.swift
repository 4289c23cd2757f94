import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import Testing

@Suite("ImageInserter: still images laid over the pictures, compared with ffmpeg's overlay and with the unmarked encode")
struct ImageInserterTests {
    /// A 4 s 640×360 25 fps source without audio and a 200×100 PNG, in a temporary folder.
    static func sources() async throws -> (video: String, image: String) {
        let folder = try TestTools.temporaryDirectory("mw-images")
        let video = folder.appendingPathComponent("source.mp4").path
        let image = folder.appendingPathComponent("logo.png").path
        try await FFmpegTools.run(["-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=4", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-pix_fmt", "yuv420p", video])
        try await FFmpegTools.run(["-f", "lavfi", "-i", "testsrc=s=200x100:r=1", "-frames:v", "1", image])
        return (video, image)
    }

    /// A one-output MP4 template of `width`×`height`, the input's and the output's inserters as given.
    static func template(width: Int, height: Int, input: String? = nil, output: String? = nil, settings: String = "") throws -> JobTemplate {
        let inputs = input.map { #""Inputs": [{"FileInput": "{{INPUT_URL}}", "ImageInserter": {"InsertableImages": [\#($0)]}}],"# } ?? ""
        let preprocessors = output.map { #""VideoPreprocessors": {"ImageInserter": {"InsertableImages": [\#($0)]}},"# } ?? ""
        let text = """
            {\(settings) \(inputs) "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_img", "ContainerSettings": {"Container": "MP4"},
                "VideoDescription": {"Width": \(width), "Height": \(height), \(preprocessors)
                  "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 8000000}}}}]}]}
            """
        return try JobTemplate.parse(Array(text.utf8), name: "images.json")
    }

    @Test("output level, StartTime 1 s, Duration 1.5 s, fades: ffmpeg's overlay inside the window, the unmarked encode outside", arguments: [
        ("", "00:00:01:00"), (#""TimecodeConfig": {"Source": "SPECIFIEDSTART", "Start": "01:00:00:00"},"#, "01:00:01:00"),
    ])
    func outputLevel(timecodeConfig: String, startTime: String) async throws {
        let (video, image) = try await Self.sources()
        let image1 = #"{"ImageInserterInput": "file://\#(image)", "ImageX": 40, "ImageY": 60, "Width": 160, "Height": 80, "Layer": 1, "Opacity": 80, "StartTime": "\#(startTime)", "Duration": 1500, "FadeIn": 200, "FadeOut": 300}"#
        let template = try Self.template(width: 640, height: 360, output: image1, settings: timecodeConfig)
        #expect(!template.localWarnings.contains { $0.path.contains("ImageInserter") }, "\(template.localWarnings)")
        let marked = try await InputClippingTests.run(template, file: video)
        let plain = try await InputClippingTests.run(try Self.template(width: 640, height: 360), file: video)
        let reference = try TestTools.temporaryDirectory("mw-images-ref").appendingPathComponent("reference.nut").path
        try await FFmpegTools.run([
            "-i", video, "-loop", "1", "-framerate", "25", "-i", image, "-filter_complex",
            "[1:v]scale=160:80,format=rgba,colorchannelmixer=aa=0.8,fade=t=in:st=1:d=0.2:alpha=1,fade=t=out:st=2.5:d=0.3:alpha=1[o];"
                + "[0:v][o]overlay=x=40:y=60:shortest=1:enable='between(t,1,2.78)',format=yuv420p",
            "-c:v", "ffv1", reference,
        ])
        let area = "160:80:40:60"
        let inside = try await FFmpegTools.regionPSNR(marked, reference, crop: area, from: 1, to: 2.8)
        #expect(inside >= 30, "inside the window vs ffmpeg's overlay: \(inside) dB")
        let insideUnmarked = try await FFmpegTools.regionPSNR(marked, plain, crop: area, from: 1.3, to: 2.4)
        #expect(insideUnmarked < inside - 10, "inside the window the image is there: \(insideUnmarked) dB against the unmarked encode")
        let before = try await FFmpegTools.regionPSNR(marked, plain, crop: area, from: 0, to: 0.96)
        let after = try await FFmpegTools.regionPSNR(marked, plain, crop: area, from: 2.84, to: 4)
        print("ImageInserter output level (StartTime \(startTime)): \(inside) dB vs ffmpeg's overlay, \(insideUnmarked) dB vs unmarked inside, \(before)/\(after) dB outside")
        #expect(before >= 35 && after >= 35, "outside the window, the unmarked encode: \(before) dB before, \(after) dB after")
    }

    @Test("input level: laid over the source before scaling to 320×180, in the source's coordinates")
    func inputLevel() async throws {
        let (video, image) = try await Self.sources()
        let image1 = #"{"ImageInserterInput": "\#(image)", "ImageX": 40, "ImageY": 60, "Width": 160, "Height": 80, "Layer": 0, "Opacity": 100}"#
        let template = try Self.template(width: 320, height: 180, input: image1)
        #expect(!template.localWarnings.contains { $0.path.contains("ImageInserter") }, "\(template.localWarnings)")
        let marked = try await InputClippingTests.run(template, file: video)
        let folder = try TestTools.temporaryDirectory("mw-images-ref")
        let reference = folder.appendingPathComponent("reference.nut").path
        let unmarked = folder.appendingPathComponent("unmarked.nut").path
        try await FFmpegTools.run([
            "-i", video, "-i", image, "-filter_complex", "[1:v]scale=160:80[o];[0:v][o]overlay=x=40:y=60,scale=320:180,format=yuv420p", "-c:v", "ffv1", reference,
        ])
        try await FFmpegTools.run(["-i", video, "-vf", "scale=320:180,format=yuv420p", "-c:v", "ffv1", unmarked])
        let area = "80:40:20:30"
        let overlaid = try await FFmpegTools.regionPSNR(marked, reference, crop: area)
        #expect(overlaid >= 30, "the image's area vs ffmpeg's overlay then scale: \(overlaid) dB")
        let plain = try await FFmpegTools.regionPSNR(marked, unmarked, crop: area)
        #expect(plain < overlaid - 10, "the image is there: \(plain) dB against the unmarked source")
        let rest = try await FFmpegTools.regionPSNR(marked, reference, crop: "320:100:0:80")
        print("ImageInserter input level: \(overlaid) dB vs ffmpeg's overlay+scale, \(plain) dB vs unmarked, \(rest) dB below")
        #expect(rest >= 35, "below the image, the source: \(rest) dB")
    }

    @Test("Layer is the stack order whatever the list order: the higher layer covers the lower where they overlap")
    func layers() async throws {
        let (video, _) = try await Self.sources()
        let folder = (video as NSString).deletingLastPathComponent as NSString
        let red = folder.appendingPathComponent("red.bmp")
        let blue = folder.appendingPathComponent("blue.png")
        try await FFmpegTools.run(["-f", "lavfi", "-i", "color=c=red:s=100x60", "-frames:v", "1", red])
        try await FFmpegTools.run(["-f", "lavfi", "-i", "color=c=blue:s=100x60", "-frames:v", "1", blue])
        let images = #"{"ImageInserterInput": "\#(red)", "ImageX": 80, "ImageY": 70, "Layer": 2, "Opacity": 100}, {"ImageInserterInput": "\#(blue)", "ImageX": 50, "ImageY": 50, "Layer": 1, "Opacity": 100}"#
        let marked = try await InputClippingTests.run(try Self.template(width: 640, height: 360, output: images), file: video)
        func reference(_ first: String, _ second: String, _ name: String) async throws -> String {
            let path = folder.appendingPathComponent(name)
            let (a, b) = first == blue ? ("x=50:y=50", "x=80:y=70") : ("x=80:y=70", "x=50:y=50")
            try await FFmpegTools.run([
                "-i", video, "-i", first, "-i", second, "-filter_complex", "[0:v][1:v]overlay=\(a)[m];[m][2:v]overlay=\(b),format=yuv420p", "-c:v", "ffv1", path,
            ])
            return path
        }
        let overlap = "70:40:80:70"
        let redOnTop = try await FFmpegTools.regionPSNR(marked, try await reference(blue, red, "red-on-top.nut"), crop: overlap)
        let blueOnTop = try await FFmpegTools.regionPSNR(marked, try await reference(red, blue, "blue-on-top.nut"), crop: overlap)
        print("ImageInserter layers: \(redOnTop) dB vs layer 2 on top, \(blueOnTop) dB vs layer 1 on top")
        #expect(redOnTop >= 30 && blueOnTop < redOnTop - 10, "the overlap: \(redOnTop) dB vs layer 2 on top, \(blueOnTop) dB vs layer 1 on top")
    }

    @Test("an image in S3 is not warned (the worker and process fetch it) but refused by the engine alone; https:// is warned; Opacity out of range is a template error")
    func refusals() async throws {
        let (video, _) = try await Self.sources()
        let template = try Self.template(width: 320, height: 180, output: #"{"ImageInserterInput": "s3://bucket/logo.png", "Layer": 0}"#)
        #expect(!template.localWarnings.contains { $0.message.contains("s3://bucket/logo.png") }, "\(template.localWarnings)")
        let web = try Self.template(width: 320, height: 180, output: #"{"ImageInserterInput": "https://example.com/logo.png", "Layer": 0}"#)
        #expect(web.localWarnings.contains { $0.message.contains("https://example.com/logo.png") && $0.message.contains("refuses") }, "\(web.localWarnings)")
        await #expect {
            _ = try await InputClippingTests.run(web, file: video)
        } throws: { error in
            "\(error)".contains("https://example.com/logo.png") && "\(error)".contains("not fetched")
        }
        await #expect {
            _ = try await InputClippingTests.run(template, file: video)
        } throws: { error in
            "\(error)".contains("s3://bucket/logo.png") && "\(error)".contains("side inputs")
        }
        #expect(throws: TemplateError.self) { _ = try Self.template(width: 320, height: 180, output: #"{"ImageInserterInput": "a.png", "Opacity": 101}"#) }
    }
}

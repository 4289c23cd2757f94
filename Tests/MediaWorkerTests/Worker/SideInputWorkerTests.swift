import Foundation
import MediaWorkerPipeline
import Testing

/// A template's side inputs in S3 (an ImageInserter PNG, a BURN_IN SRT), fetched by the worker
/// and by `media-worker process` through their S3 client, on moto (signatures checked); the
/// delivered MP4 checked against ffmpeg's overlay and subtitles filters.
@Suite("Side inputs in S3: the worker and process fetch the watermark and the sidecar; a missing one fails the job naming it")
struct SideInputWorkerTests {
    /// An MP4 template: the PNG at `image` laid at 40,60 (160×80, opaque) and the SRT at `srt` burned in.
    static func template(image: String, srt: String) throws -> URL {
        let text = """
            {"Inputs": [{"FileInput": "{{INPUT_URL}}", "CaptionSelectors": {"Captions Selector 1": {"SourceSettings": {"SourceType": "SRT", "FileSourceSettings": {"SourceFile": "\(srt)"}}}}}],
             "OutputGroups": [{"OutputGroupSettings": {"Type": "FILE_GROUP_SETTINGS", "FileGroupSettings": {"Destination": "{{DESTINATION}}"}},
              "Outputs": [{"NameModifier": "_side", "ContainerSettings": {"Container": "MP4"},
                "CaptionDescriptions": [{"CaptionSelectorName": "Captions Selector 1", "DestinationSettings": {"DestinationType": "BURN_IN", "BurninDestinationSettings": {\(CaptionBurninTests.outlined.0)}}}],
                "VideoDescription": {"Width": 640, "Height": 360,
                  "VideoPreprocessors": {"ImageInserter": {"InsertableImages": [{"ImageInserterInput": "\(image)", "ImageX": 40, "ImageY": 60, "Width": 160, "Height": 80, "Layer": 1, "Opacity": 100}]}},
                  "CodecSettings": {"Codec": "H_264", "H264Settings": {"RateControlMode": "CBR", "Bitrate": 8000000}}}}]}]}
            """
        let folder = try TestTools.temporaryDirectory("mw-side-template")
        let path = folder.appendingPathComponent("side.json")
        try Data(text.utf8).write(to: path)
        return path
    }

    /// The source, the PNG and the SRT (ImageInserterTests' and CaptionBurninTests'), the PNG and the SRT put in `bucket` under `assets/`.
    static func sideInputs(_ stack: WorkerStack, bucket: String) async throws -> (video: String, image: String, srt: String) {
        let (video, image) = try await ImageInserterTests.sources()
        let srt = ((video as NSString).deletingLastPathComponent as NSString).appendingPathComponent("cues.srt")
        try Data(CaptionBurninTests.srt.utf8).write(to: URL(fileURLWithPath: srt))
        _ = try await stack.boto(["put", bucket, "assets/logo.png", image])
        _ = try await stack.boto(["put", bucket, "assets/cues.srt", srt])
        return (video, image, srt)
    }

    /// The watermark's and the captions' areas of `delivered` against ffmpeg's overlay+subtitles
    /// of the local files, and against the unmarked source.
    static func checkPixels(_ delivered: String, video: String, image: String, srt: String, captions: Bool = true) async throws {
        let reference = try TestTools.temporaryDirectory("mw-side-ref").appendingPathComponent("reference.nut").path
        let style = "PlayResX=640,PlayResY=360,Fontname=DejaVu Sans,Fontsize=24,\(CaptionBurninTests.outlined.1),Shadow=0,Alignment=2,MarginL=32,MarginR=32,MarginV=18"
        let subtitles = captions ? ",subtitles=filename=\(srt):fontsdir=/usr/share/fonts/truetype/dejavu:force_style='\(style)'" : ""
        try await FFmpegTools.run([
            "-i", video, "-i", image, "-filter_complex", "[1:v]scale=160:80[o];[0:v][o]overlay=x=40:y=60\(subtitles),format=yuv420p", "-c:v", "ffv1", reference,
        ])
        let logo = "160:80:40:60"
        let marked = try await FFmpegTools.regionPSNR(delivered, reference, crop: logo)
        let unmarked = try await FFmpegTools.regionPSNR(delivered, video, crop: logo)
        print("side inputs: watermark \(marked) dB vs ffmpeg's overlay, \(unmarked) dB vs the unmarked source")
        #expect(marked >= 30, "the watermark's area vs ffmpeg's overlay of the PNG: \(marked) dB")
        #expect(unmarked < marked - 10, "the watermark is there: \(unmarked) dB against the unmarked source")
        guard captions else { return }
        let area = "640:80:0:280"
        let cue = try await FFmpegTools.regionPSNR(delivered, reference, crop: area, from: 0.6, to: 1.4)
        let plain = try await FFmpegTools.regionPSNR(delivered, video, crop: area, from: 0.6, to: 1.4)
        let between = try await FFmpegTools.regionPSNR(delivered, video, crop: area, from: 1.6, to: 2.4)
        print("side inputs: caption \(cue) dB vs ffmpeg's subtitles, \(plain) dB vs unmarked in the cue, \(between) dB between the cues")
        #expect(cue >= 30, "the caption area vs ffmpeg's subtitles of the SRT: \(cue) dB")
        #expect(plain < cue - 10, "the caption is burned in: \(plain) dB against the unmarked source")
        #expect(between >= 35, "no caption between the cues: \(between) dB")
    }

    /// A worker stack whose delivery bucket holds the side inputs, after one drain of the clip
    /// uploaded as `inputs/<name>.mp4` with the S3 logo and the captions `srt` names in its template: the stack,
    /// the local side inputs and the upload's record.
    /// `captions`: an SRT is uploaded too, as `inputs/<name>.srt`, before the clip.
    static func drained(_ name: String, captions: Bool = false, srt: (WorkerStack) -> String) async throws -> (
        WorkerStack, (video: String, image: String, srt: String), DeliveryReport
    ) {
        let moto = try await SharedServers.shared.motoWithAuth()
        let stack = try await WorkerStack.make(endpoint: moto.endpoint, credentials: moto.credentials, maxReceiveCount: 1)
        let files = try await Self.sideInputs(stack, bucket: stack.delivery)
        let template = try Self.template(image: "s3://{{DESTINATION_BUCKET}}/assets/logo.png", srt: srt(stack))
        if captions { try await stack.upload(files.srt, key: "inputs/\(name).srt") }
        try await stack.upload(files.video, key: "inputs/\(name).mp4")
        let run = try await stack.drain(["JOB_TEMPLATE": template.path])
        #expect(run.status == 0, "\(run.stderr.suffix(3000))")
        return (stack, files, try await stack.report("json/\(name).json"))
    }

    @Test("worker: an S3 PNG watermark and an S3 SRT burned in ({{DESTINATION_BUCKET}} in the URIs) show in the delivered MP4")
    func worker() async throws {
        let (stack, (video, image, srt), report) = try await Self.drained("clip") { _ in "s3://{{DESTINATION_BUCKET}}/assets/cues.srt" }
        #expect(report.status == .complete, "\(String(describing: report.error))")
        #expect(report.job?.notExecuted.contains { $0.contains("ImageInserter") || $0.contains("CaptionSelectors") } == false, "\(String(describing: report.job?.notExecuted))")
        let delivered = try await stack.download("audiovideo/clip_side.mp4")
        try await Self.checkPixels(delivered.path, video: video, image: image, srt: srt)
        // The job folder (and its side-inputs/) is gone.
        let work = stack.work.appendingPathComponent("w").path
        for folder in try FileManager.default.contentsOfDirectory(atPath: work).filter({ $0.hasPrefix("jobs-") }) {
            #expect(try FileManager.default.contentsOfDirectory(atPath: (work as NSString).appendingPathComponent(folder)).isEmpty)
        }
    }

    @Test("worker: a side input missing from S3 fails the job; the record names the member and the URI; a caption upload, which needs no template, is delivered")
    func missing() async throws {
        let (stack, _, report) = try await Self.drained("gone", captions: true) { "s3://\($0.delivery)/assets/missing.srt" }
        #expect(report.status == .failed)
        #expect(report.error?.code == .sourceMissing, "\(String(describing: report.error))")
        let message = report.error?.message ?? ""
        print("side inputs: a missing one: \(report.error?.code.rawValue ?? "?"): \(message)")
        #expect(message.contains("Inputs[0].CaptionSelectors.Captions Selector 1.SourceSettings.FileSourceSettings.SourceFile"), "\(message)")
        #expect(message.contains("s3://\(stack.delivery)/assets/missing.srt") && message.contains("upload the file there"), "\(message)")
        let keys = try await stack.keys()
        #expect(keys.contains("original/gone.mp4") && !keys.contains { $0.hasPrefix("audiovideo/") }, "\(keys)")
        // The SRT upload is converted without the template: its missing side input is no reason to fail it.
        let captions = try await stack.report("json/gone.srt.json")
        #expect(captions.status == .complete, "\(String(describing: captions.error))")
        #expect(keys.contains("closed-caption/gone.vtt"), "\(keys)")
    }

    @Test("process: an S3 PNG watermark is fetched with the AWS settings; a missing one is a failure naming it")
    func process() async throws {
        let moto = try await SharedServers.shared.motoWithAuth()
        let stack = try await WorkerStack.make(endpoint: moto.endpoint, credentials: moto.credentials)
        let (video, image, srt) = try await Self.sideInputs(stack, bucket: stack.watch)
        let template = try Self.template(image: "s3://\(stack.watch)/assets/logo.png", srt: srt)
        let out = try TestTools.temporaryDirectory("mw-side-process").path
        let environment = WorkerStack.baseEnvironment(endpoint: stack.endpoint, credentials: stack.credentials, home: stack.work.path)
            .merging(["X264_PRESET": "ultrafast", "DESTINATION_BUCKET": stack.delivery]) { $1 }
        let result = try await ProcessRunner.run(
            try TestTools.mediaWorker(), ["process", video, "--output-dir", out, "--key", "inputs/clip.mp4", "--template", template.path],
            environment: environment)
        #expect(result.status == 0, "\(result.stderr.suffix(3000))")
        try await Self.checkPixels((out as NSString).appendingPathComponent("audiovideo/clip_side.mp4"), video: video, image: image, srt: srt)

        let broken = try Self.template(image: "s3://\(stack.watch)/assets/nothing.png", srt: srt)
        let failed = try await ProcessRunner.run(
            try TestTools.mediaWorker(), ["process", video, "--output-dir", out, "--key", "inputs/other.mp4", "--template", broken.path],
            environment: environment)
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("OutputGroups[0].Outputs[0].VideoDescription.VideoPreprocessors.ImageInserter.InsertableImages[0].ImageInserterInput"), "\(failed.stderr)")
        #expect(failed.stderr.contains("s3://\(stack.watch)/assets/nothing.png"), "\(failed.stderr)")
    }
}

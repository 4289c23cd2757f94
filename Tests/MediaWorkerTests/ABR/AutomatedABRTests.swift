import Foundation
import MediaWorkerJobs
import MediaWorkerMedia
import Testing

/// Automated ABR run locally on three generated sources of very different complexity, each
/// package checked by the independent checker (Tests/Helpers/check_package.py).
@Suite("Automated ABR run locally: trial encodes choose the stack; rung count, sizes and bitrates follow the source's complexity")
struct AutomatedABRTests {
    typealias T = InlineTemplates

    static let limits = #""MaxRenditions": 6, "MaxAbrBitrate": 5000000, "MinAbrBitrate": 300000"#

    static func template(rules: String = "") throws -> JobTemplate {
        let abr = #""AutomatedEncodingSettings": {"AbrSettings": {\#(limits)\#(rules.isEmpty ? "" : ", \"Rules\": " + rules)}}"#
        return try T.parse(T.settings([T.group(
            "HLS_GROUP_SETTINGS", #"{"Destination": "{{DESTINATION}}", "SegmentLength": 2}"#, extra: abr,
            outputs: [T.output("_abr", container: "M3U8", video: T.video(T.automatedQVBR, width: nil, height: nil)), T.output("_audio", container: "M3U8", audio: true)])]))
    }

    /// 3 s of 1280×720 at 30 fps with a tone: a still slide with a small moving cursor, a
    /// scene with moderate motion and grain (talking-head-like), and full-frame moving noise.
    static func source(_ kind: String) async throws -> String {
        let folder = try TestTools.temporaryDirectory("mw-abr-\(kind)")
        let file = folder.appendingPathComponent("\(kind).mp4").path
        let tone = ["-f", "lavfi", "-i", "sine=frequency=330:duration=3"]
        let video: [String]
        switch kind {
        case "slide":
            video = [
                "-f", "lavfi", "-i", "color=c=white:s=1280x720:r=30:d=3", "-f", "lavfi", "-i", "color=c=black:s=16x16:r=30:d=3",
                "-filter_complex", "[0]drawbox=x=100:y=80:w=1080:h=60:color=navy:t=fill,drawbox=x=100:y=200:w=800:h=20:color=gray:t=fill,drawbox=x=100:y=260:w=900:h=20:color=gray:t=fill[bg];[bg][1]overlay=x='200+100*t':y=400[v]",
                "-map", "[v]", "-map", "2",
            ]
        case "talking":
            video = ["-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=3", "-vf", "noise=alls=6:allf=t", "-map", "0", "-map", "1"]
        default:
            video = ["-f", "lavfi", "-i", "color=c=gray:s=1280x720:r=30:d=3", "-vf", "noise=alls=100:allf=t+u", "-map", "0", "-map", "1"]
        }
        let inputs = kind == "slide" ? Array(video[0..<8]) + tone + Array(video[8...]) : Array(video[0..<4]) + tone + Array(video[4...])
        try await FFmpegTools.run(inputs + ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file])
        return file
    }

    struct Run {
        var stack: ABRStack
        /// The delivered video renditions, largest first: size and average bitrate (bytes over seconds).
        var renditions: [(output: LocalJobOutput, bitrate: Double)]
    }

    /// The video elementary stream's average bitrate of a media playlist (ffprobe's packet sizes
    /// over its duration): without the transport stream's overhead.
    static func videoBitrate(_ playlist: String) async throws -> Double {
        let result = try await blocking {
            try ProcessRunner.runBlocking("/usr/bin/ffprobe", ["-v", "error", "-select_streams", "v", "-show_entries", "packet=size,pts_time", "-of", "csv=p=0", playlist])
        }
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: ",") }
        let bytes = rows.compactMap { $0.count == 2 ? Double($0[1]) : nil }.reduce(0, +)
        let times = rows.compactMap { $0.first.flatMap { Double($0) } }
        guard let first = times.min(), let last = times.max(), last > first, bytes > 0 else { throw TestTools.Missing(description: "no video packets in \(playlist): \(result.stderr)") }
        // The last frame lasts one frame duration (30 fps).
        return bytes * 8 / (last - first + 1.0 / 30)
    }

    static func run(_ kind: String, template: JobTemplate) async throws -> Run {
        let file = try await source(kind)
        let (root, outputs) = try await HLSPackageTests.package(template, file: file)
        let master = try #require(outputs.first { $0.role == .playlist && $0.abrStack != nil }, "\(outputs.map(\.path))")
        _ = try await HLSPackageTests.check(root: root, master: master.path)
        var renditions: [(output: LocalJobOutput, bitrate: Double)] = []
        for output in outputs.filter({ $0.abr != nil }).sorted(by: { $0.abr!.shortSide > $1.abr!.shortSide }) {
            renditions.append((output, try await Self.videoBitrate(LocalJobExecutorPaths.path(root, output.path))))
        }
        let playlist = try String(contentsOfFile: LocalJobExecutorPaths.path(root, master.path), encoding: .utf8)
        #expect(playlist.components(separatedBy: "#EXT-X-STREAM-INF").count - 1 == renditions.count, "\(playlist)")
        for (output, _) in renditions {
            let streams = try await FFmpegTools.streams(LocalJobExecutorPaths.path(root, output.path))
            let video = try #require(streams.first { $0["codec_type"] as? String == "video" })
            #expect(video["width"] as? Int == output.abr?.width && video["height"] as? Int == output.abr?.height, "\(output.path)")
        }
        let run = Run(stack: master.abrStack!, renditions: renditions)
        print("AutomatedABRTests \(kind): " + run.renditions.map { "\($0.output.abr!.width)x\($0.output.abr!.height) cap \($0.output.abr!.maxBitrate / 1000) kb/s trial \($0.output.abr!.trialBitrate / 1000) kb/s delivered \(Int($0.bitrate / 1000)) kb/s" }.joined(separator: "; "))
        return run
    }

    @Test("a still slide, a talking-head-like scene and high-motion noise: fewer, cheaper renditions for simpler sources, every limit kept")
    func complexity() async throws {
        let template = try Self.template()
        var runs: [String: Run] = [:]
        for kind in ["slide", "talking", "noise"] { runs[kind] = try await Self.run(kind, template: template) }
        let slide = try #require(runs["slide"]), talking = try #require(runs["talking"]), noise = try #require(runs["noise"])
        for run in [slide, talking, noise] {
            let sides = run.renditions.map { $0.output.abr!.shortSide }
            #expect(run.renditions.count == run.stack.rungs.count && !sides.isEmpty && sides.count <= 6)
            #expect(sides == sides.sorted(by: >) && Set(sides).count == sides.count, "\(sides)")
            #expect(sides.first == 720, "the top at the source's size")
            #expect(run.stack.measurements.count == 5, "720, 540, 432, 360 and 270 lines tried")
            // Each rendition's video within its cap, plus what the encoder may spend of its HRD
            // buffer (one second of the cap, 90 % full at the start) over these 3 seconds, + 5 %.
            for (output, bitrate) in run.renditions {
                let cap = Double(output.abr!.maxBitrate)
                #expect(bitrate <= (cap + 0.9 * cap / 3) * 1.05 && output.abr!.maxBitrate <= 5_000_000, "\(output.path): \(bitrate) over cap \(cap)")
            }
        }
        #expect(slide.renditions.count < noise.renditions.count)
        #expect(slide.renditions.count <= talking.renditions.count && talking.renditions.count <= noise.renditions.count)
        #expect(slide.renditions[0].bitrate < talking.renditions[0].bitrate && talking.renditions[0].bitrate < noise.renditions[0].bitrate)
        #expect(slide.stack.measurements[0].bitrate * 10 < noise.stack.measurements[0].bitrate, "the trial tells the slide from the noise")
        #expect(noise.renditions[0].output.abr!.reason.contains("capped at MaxAbrBitrate"))
        #expect(noise.renditions.last!.output.abr!.maxBitrate == 300_000, "the bottom at MinAbrBitrate")
    }

    @Test("Rules: FORCE_INCLUDE_RENDITIONS and MIN_BOTTOM_RENDITION_SIZE hold in the delivered package")
    func rules() async throws {
        let rules = #"[{"Type": "FORCE_INCLUDE_RENDITIONS", "ForceIncludeRenditions": [{"Width": 960, "Height": 540}]}, {"Type": "MIN_BOTTOM_RENDITION_SIZE", "MinBottomRenditionSize": {"Width": 640, "Height": 360}}]"#
        let run = try await Self.run("noise", template: try Self.template(rules: rules))
        let sides = run.renditions.map { $0.output.abr!.shortSide }
        #expect(sides.contains(540) && sides.allSatisfy { $0 >= 360 }, "\(sides)")
        #expect(run.stack.notes.contains { $0.contains("MIN_BOTTOM_RENDITION_SIZE") })
    }

    @Test("Rules are read as the API reference states them; contradictions are refused with what to change")
    func ruleErrors() throws {
        func errors(_ rules: String) -> [String] {
            T.errors(T.settings([T.group(
                "HLS_GROUP_SETTINGS", #"{"Destination": "{{DESTINATION}}"}"#, extra: #""AutomatedEncodingSettings": {"AbrSettings": {"Rules": \#(rules)}}"#,
                outputs: [T.output("_abr", container: "M3U8", video: T.video(T.automatedQVBR, width: nil, height: nil))])])).map(\.description)
        }
        #expect(errors(#"[{"Type": "MIN_TOP_RENDITION_SIZE", "MinTopRenditionSize": {"Width": 1280}}]"#).contains { $0.contains("MinTopRenditionSize.Height: missing") })
        #expect(errors(#"[{"Type": "BIGGEST"}]"#).contains { $0.contains("Rules[0].Type") })
        let both = errors(#"[{"Type": "FORCE_INCLUDE_RENDITIONS", "ForceIncludeRenditions": [{"Width": 640, "Height": 360}]}, {"Type": "ALLOWED_RENDITIONS", "AllowedRenditions": [{"Width": 640, "Height": 360}]}]"#)
        #expect(both.contains { $0.contains("exclude each other") && $0.contains("Required: ENABLED") }, "\(both)")
        let order = errors(#"[{"Type": "MIN_TOP_RENDITION_SIZE", "MinTopRenditionSize": {"Width": 640, "Height": 360}}, {"Type": "MIN_BOTTOM_RENDITION_SIZE", "MinBottomRenditionSize": {"Width": 1280, "Height": 720}}]"#)
        #expect(order.contains { $0.contains("is above MIN_TOP_RENDITION_SIZE") })
        let parsed = try T.parse(T.settings([T.group(
            "HLS_GROUP_SETTINGS", #"{"Destination": "{{DESTINATION}}"}"#,
            extra: #""AutomatedEncodingSettings": {"AbrSettings": {"MaxQualityLevel": 8.5, "Rules": [{"Type": "ALLOWED_RENDITIONS", "AllowedRenditions": [{"Width": 1280, "Height": 720, "Required": "ENABLED"}, {"Width": 640, "Height": 360}]}]}}"#,
            outputs: [T.output("_abr", container: "M3U8", video: T.video(T.automatedQVBR, width: nil, height: nil))])]))
        let abr = try #require(parsed.outputGroups[0].abr)
        #expect(abr.maxBitrate == 8_000_000 && abr.minBitrate == 600_000 && abr.maxRenditions == 15 && abr.maxQualityLevel == 8.5)
        #expect(abr.allowed.map(\.size.shortSide) == [720, 360] && abr.allowed.map(\.required) == [true, false])
    }
}

/// Paths under a local run's output root.
enum LocalJobExecutorPaths {
    static func path(_ root: String, _ key: String) -> String { (root as NSString).appendingPathComponent(key) }
}

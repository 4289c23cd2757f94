import Foundation
import MediaWorkerCaptions
import MediaWorkerMedia
import MediaWorkerShorts
import Testing

/// Rendered shorts checked with ffmpeg: size, duration, loudness (ebur128), the watermark,
/// burned-in subtitles only while a cue is shown and only inside the safe area, and sound and
/// picture in sync (a flash and a beep planted together).
@Suite("Shorts rendering")
struct ShortRenderTests {
    static let width = 270
    static let height = 480

    /// 14 s, 640×360: a white box moving over grey, one white flash frame at 6.0 s with a
    /// 50 ms 2 kHz beep at the same time, over a 440 Hz tone at about −30 dBFS.
    static func source(_ folder: String) async throws -> String {
        let path = folder + "/talk.mp4"
        let result = try await ProcessRunner.run("/usr/bin/ffmpeg", [
            "-nostdin", "-y", "-loglevel", "error",
            "-f", "lavfi", "-i", "color=c=0x303030:size=640x360:rate=25:duration=14",
            "-f", "lavfi", "-i", "color=c=0xe0e0e0:size=60x60:rate=25:duration=14",
            "-f", "lavfi", "-i", "aevalsrc='0.032*sin(2*PI*440*t)+if(between(t,6,6.05),0.5*sin(2*PI*2000*(t-6)),0)':s=48000:d=14",
            "-filter_complex", "[0][1]overlay=x='100+t*25':y=150,drawbox=enable='between(t,6,6.039)':x=0:y=0:w=iw:h=ih:color=white:t=fill[v]",
            "-map", "[v]", "-map", "2:a", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k", path,
        ])
        try #require(result.status == 0, "\(result.stderr)")
        return path
    }

    /// Grey pictures of `path` at 270×480, one per frame.
    static func frames(_ path: String) async throws -> [[UInt8]] {
        let raw = path + ".gray"
        let result = try await ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-y", "-loglevel", "error", "-i", path, "-fps_mode", "passthrough", "-vf", "scale=\(width):\(height),format=gray",
                                                                    "-f", "rawvideo", raw])
        try #require(result.status == 0, "\(result.stderr)")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: raw)))
        return stride(from: 0, to: bytes.count - width * height + 1, by: width * height).map { Array(bytes[$0..<$0 + width * height]) }
    }

    /// The 2–12 s short of `source`, planned and rendered on their own thread.
    static func render(_ source: String, folder: String, cues: [CaptionCue], watermark: String?) async throws -> (ShortOutput, ShortsPlan) {
        let parameters = ShortsParameters(count: 1, minimumDuration: 5, maximumDuration: 12)
        let (plan, outputs) = try await blocking {
            let plan = try ShortsPlanner.plan(.file(source), cues: cues, parameters: parameters)
            let moment = MomentCandidate(start: 2, end: 12, signals: SignalScores(), score: 1, rank: 1, reason: "test")
            let outputs = try ShortsRenderer(parameters: parameters, watermark: watermark, targetLoudness: -14)
                .render(plan, selection: MomentSelection(candidates: [moment], chosen: [moment]), source: source, cues: cues, outputDirectory: folder, base: "shorts/talk")
            return (plan, outputs)
        }
        return (try #require(outputs.first), plan)
    }

    @Test("a short: 1080×1920, its duration, −14 LUFS, the watermark, subtitles inside the safe area only while shown, sound in sync")
    func short() async throws {
        let folder = try TestTools.temporaryDirectory("mw-short-render").path
        let source = try await Self.source(folder)
        let watermark = folder + "/mark.png"
        let made = try await ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=white:size=120x60", "-frames:v", "1", watermark])
        try #require(made.status == 0)
        // In programme time: shown 4–6.5 s and 8–9 s, i.e. 2–4.5 s and 6–7 s of the short.
        let cues = [CaptionCue(start: 4, end: 6.5, text: "A caption that is long enough to need two lines."), CaptionCue(start: 8, end: 9, text: "Short.")]
        let (captioned, _) = try await Self.render(source, folder: folder + "/a", cues: cues, watermark: watermark)
        let (plain, _) = try await Self.render(source, folder: folder + "/b", cues: [], watermark: watermark)
        let video = folder + "/a/" + captioned.video
        #expect(FileManager.default.fileExists(atPath: folder + "/a/" + captioned.thumbnail))

        let probe = try await ProcessRunner.run("/usr/bin/ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,width,height,start_time,nb_frames,duration", "-of", "json", video])
        let streams = try #require((try JSONSerialization.jsonObject(with: Data(probe.stdout.utf8)) as? [String: Any])?["streams"] as? [[String: Any]])
        let picture = try #require(streams.first { $0["codec_type"] as? String == "video" })
        let sound = try #require(streams.first { $0["codec_type"] as? String == "audio" })
        #expect(picture["width"] as? Int == 1080 && picture["height"] as? Int == 1920)
        let frameCount = Int(picture["nb_frames"] as? String ?? "") ?? 0
        #expect(frameCount == 250, "10 s at 25 fps, got \(frameCount)")
        let audioFrame = 1024.0 / 48_000
        #expect(abs((Double(picture["start_time"] as? String ?? "") ?? 9) - (Double(sound["start_time"] as? String ?? "") ?? -9)) < audioFrame)
        let soundEnd = (Double(sound["start_time"] as? String ?? "") ?? 0) + (Double(sound["duration"] as? String ?? "") ?? 0)
        #expect(abs(soundEnd - Double(frameCount) / 25) < audioFrame, "sound ends at \(soundEnd) s")

        // Loudness, measured by ffmpeg.
        let r128 = try await ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-hide_banner", "-i", video, "-vn", "-af", "ebur128=peak=true", "-f", "null", "-"])
        let summary = r128.stderr.components(separatedBy: "Summary:").last ?? ""
        let integrated = try #require(summary.firstMatch(of: /I:\s+(-?[0-9.]+) LUFS/).flatMap { Double($0.1) })
        #expect(abs(integrated - -14) <= 1, "integrated \(integrated) LUFS")
        let peak = try #require(summary.firstMatch(of: /Peak:\s+(-?[0-9.]+) dBFS/).flatMap { Double($0.1) })
        #expect(peak <= -1 + 0.5, "true peak \(peak) dBFS")
        #expect((captioned.sourceLoudness ?? 0) < -25)

        let withText = try await Self.frames(video)
        let without = try await Self.frames(folder + "/b/" + plain.video)
        try #require(withText.count == without.count && withText.count == frameCount, "\(withText.count), \(without.count) frames")
        // The watermark: white at 60,120 (1080 scale) → 15,30 at this scale.
        #expect(withText[10][35 * Self.width + 30] > 150, "watermark")
        #expect(withText[10][35 * Self.width + 100] < 120, "beside the watermark")
        // Subtitles: pixels differ only inside the safe area, and only while a cue is shown.
        let safe = (left: Int(0.06 * Double(Self.width)) - 2, right: Int(0.85 * Double(Self.width)) + 2, bottom: Int(0.8 * Double(Self.height)) + 2)
        for index in 0..<frameCount {
            let time = Double(index) / 25
            var changed = 0
            var outside = 0
            for y in 0..<Self.height {
                for x in 0..<Self.width where abs(Int(withText[index][y * Self.width + x]) - Int(without[index][y * Self.width + x])) > 40 {
                    changed += 1
                    if x < safe.left || x > safe.right || y > safe.bottom { outside += 1 }
                }
            }
            let shown = (2.0..<4.5).contains(time) || (6.0..<7.0).contains(time)
            let edge = [2.0, 4.5, 6.0, 7.0].contains { abs($0 - time) < 0.05 }
            if !edge { #expect(shown ? changed > 100 : changed == 0, "at \(time) s: \(changed) pixels changed") }
            #expect(outside == 0, "at \(time) s: \(outside) caption pixels outside the safe area")
        }
        // Sync: the flash (programme 6.0 s → 4.0 s) and the beep arrive together.
        let flash = try #require(without.firstIndex { frame in frame.reduce(0) { $0 + Int($1) } / frame.count > 200 })
        let pcm = try await ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-y", "-loglevel", "error", "-i", video, "-vn", "-ac", "1", "-ar", "48000", "-f", "f32le", video + ".f32"])
        try #require(pcm.status == 0, "\(pcm.stderr)")
        let samples = try Data(contentsOf: URL(fileURLWithPath: video + ".f32")).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let beep = try #require(samples.indices.first { abs(samples[$0]) > 0.6 })
        #expect(abs(Double(flash) / 25 - 4) < 0.001, "flash at frame \(flash)")
        #expect(abs(Double(beep) / 48_000 - Double(flash) / 25) < audioFrame, "beep at \(Double(beep) / 48_000) s, flash at \(Double(flash) / 25) s")
    }
}

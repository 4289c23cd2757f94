import Foundation
import MediaWorkerCaptions
import MediaWorkerShorts
import Testing

/// `Subtitles.HighlightCurrentPhrase` rendered: while a cue is shown, the word being spoken is
/// drawn in the highlight colour inside the safe area (and moves along the line), the rest in
/// white; with highlighting off, or with no cue shown, no pixel has the highlight colour.
@Suite("Shorts highlighted subtitles")
struct ShortHighlightRenderTests {
    static let (width, height) = (1080, 1920)

    /// Pixels near #FFD400 in an RGB picture: their count, the mean x, and how many lie
    /// outside the safe area (left 6 %, right 15 %, bottom 20 %).
    static func highlighted(_ picture: [UInt8]) -> (count: Int, meanX: Double, outside: Int) {
        var count = 0
        var sumX = 0
        var outside = 0
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                guard picture[i] > 200, (160...240).contains(picture[i + 1]), picture[i + 2] < 90 else { continue }
                count += 1
                sumX += x
                if x < width * 6 / 100 - 4 || x > width * 85 / 100 + 4 || y > height * 80 / 100 + 4 { outside += 1 }
            }
        }
        return (count, count > 0 ? Double(sumX) / Double(count) : 0, outside)
    }

    static func whiteCount(_ picture: [UInt8]) -> Int {
        stride(from: 0, to: picture.count, by: 3).reduce(0) { $0 + (picture[$1] > 220 && picture[$1 + 1] > 220 && picture[$1 + 2] > 220 ? 1 : 0) }
    }

    @Test("the spoken word in the highlight colour inside the safe area while its cue is shown; none without highlighting")
    func highlight() async throws {
        let folder = try TestTools.temporaryDirectory("mw-short-highlight").path
        let source = folder + "/grey.mp4"
        let made = try await ProcessRunner.run("/usr/bin/ffmpeg", [
            "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=0x303030:size=640x360:rate=25:duration=5",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=5", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", source,
        ])
        try #require(made.status == 0, "\(made.stderr)")
        // Shown 1–3 s of the short: "Watch" 1.00–1.59, "this" 1.59–2.06, "closely" 2.06–2.88, "now" 2.88–3.00.
        let cues = [CaptionCue(start: 1, end: 3, text: "Watch this closely now")]
        var videos: [Bool: String] = [:]
        for on in [true, false] {
            let parameters = ShortsParameters(count: 1, minimumDuration: 2, maximumDuration: 4,
                                              subtitles: SubtitleStyle(highlightCurrentPhrase: on, highlightColour: "#FFD400"))
            let outputs = try await blocking {
                let plan = try ShortsPlanner.plan(.file(source), cues: cues, parameters: parameters)
                let moment = MomentCandidate(start: 0, end: 4, signals: SignalScores(), score: 1, rank: 1, reason: "test")
                return try ShortsRenderer(parameters: parameters, targetLoudness: nil).render(
                    plan, selection: MomentSelection(candidates: [moment], chosen: [moment]), source: source, cues: cues,
                    outputDirectory: folder + "/\(on)", base: "shorts/grey")
            }
            videos[on] = folder + "/\(on)/" + (try #require(outputs.first)).video
        }
        let highlighted = try #require(videos[true])
        let plain = try #require(videos[false])
        let first = Self.highlighted(try await ShortFrames.frame(highlighted, at: 1.3, width: Self.width, height: Self.height, pixelFormat: "rgb24"))
        let third = Self.highlighted(try await ShortFrames.frame(highlighted, at: 2.5, width: Self.width, height: Self.height, pixelFormat: "rgb24"))
        #expect(first.count > 200 && third.count > 200, "highlight pixels: \(first.count) at 1.3 s, \(third.count) at 2.5 s")
        #expect(first.outside == 0 && third.outside == 0, "outside the safe area: \(first.outside), \(third.outside)")
        // "Watch" opens the line, "closely" is right of the middle.
        #expect(first.meanX < third.meanX - 100, "highlight at x \(first.meanX) then \(third.meanX)")
        // The other words stay white.
        let frame = try await ShortFrames.frame(highlighted, at: 1.3, width: Self.width, height: Self.height, pixelFormat: "rgb24")
        #expect(Self.whiteCount(frame) > first.count, "white pixels \(Self.whiteCount(frame))")
        // No cue shown, or no highlighting: no highlight colour at all.
        let after = Self.highlighted(try await ShortFrames.frame(highlighted, at: 3.5, width: Self.width, height: Self.height, pixelFormat: "rgb24"))
        #expect(after.count == 0, "\(after.count) highlight pixels with no cue shown")
        for time in [1.3, 2.5] {
            let off = try await ShortFrames.frame(plain, at: time, width: Self.width, height: Self.height, pixelFormat: "rgb24")
            #expect(Self.highlighted(off).count == 0, "highlighting off at \(time) s")
            #expect(Self.whiteCount(off) > 200, "the subtitle is shown at \(time) s")
        }
    }
}

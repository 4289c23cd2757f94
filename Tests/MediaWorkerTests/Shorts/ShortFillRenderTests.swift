import Foundation
import MediaWorkerCaptions
import MediaWorkerShorts
import Testing

/// `Camera.Fallback: BLURRED_FILL` rendered: in a shot without a subject the whole frame,
/// scaled to the output's width, sits in the middle over a blurred copy; a shot with a subject
/// in the same short is still the camera's crop; `CENTRE` keeps the centre crop.
@Suite("Shorts blurred fill")
struct ShortFillRenderTests {
    /// 10 s, 640×360, 25 fps: 0–5 s a still pattern (a ramp left to right under an 8-pixel
    /// checker; nothing moves, so no subject), then a cut to grey with a white box moving right
    /// (a subject), over a 440 Hz tone.
    static func source(_ folder: String) async throws -> String {
        let path = folder + "/fill.mp4"
        let result = try await ProcessRunner.run("/usr/bin/ffmpeg", [
            "-nostdin", "-y", "-loglevel", "error",
            "-f", "lavfi", "-i", "color=c=black:size=640x360:rate=25:duration=5,format=gray,geq=lum='40+150*X/W+60*mod(floor(X/8)+floor(Y/8),2)',format=yuv420p",
            "-f", "lavfi", "-i", "color=c=0x303030:size=640x360:rate=25:duration=5",
            "-f", "lavfi", "-i", "color=c=0xe0e0e0:size=60x60:rate=25:duration=5",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=10",
            "-filter_complex", "[1][2]overlay=x='100+t*40':y=150,format=yuv420p[box];[0][box]concat=n=2:v=1:a=0[v]",
            "-map", "[v]", "-map", "3:a", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "10", "-pix_fmt", "yuv420p", "-c:a", "aac", path,
        ])
        try #require(result.status == 0, "\(result.stderr)")
        return path
    }

    /// The 1–9 s short of `source` rendered with `fallback`; the video's path and the camera's shots.
    static func render(_ source: String, folder: String, fallback: CameraFallback) async throws -> (String, [CameraShot]) {
        let parameters = ShortsParameters(count: 1, minimumDuration: 5, maximumDuration: 9, camera: CameraLimits(fallback: fallback))
        let (plan, outputs) = try await blocking {
            let plan = try ShortsPlanner.plan(.file(source), cues: [], parameters: parameters)
            let moment = MomentCandidate(start: 1, end: 9, signals: SignalScores(), score: 1, rank: 1, reason: "test")
            let outputs = try ShortsRenderer(parameters: parameters, targetLoudness: -14)
                .render(plan, selection: MomentSelection(candidates: [moment], chosen: [moment]), source: source, cues: [], outputDirectory: folder, base: "shorts/fill")
            return (plan, outputs)
        }
        return (folder + "/" + (try #require(outputs.first)).video, plan.path.shots)
    }

    @Test("BLURRED_FILL: the no-subject shot is the whole frame over a blur, the subject's shot is still cropped; CENTRE crops both")
    func blurredFill() async throws {
        let folder = try TestTools.temporaryDirectory("mw-short-fill").path
        let source = try await Self.source(folder)
        let (filled, shots) = try await Self.render(source, folder: folder + "/fill", fallback: .blurredFill)
        let (centred, centreShots) = try await Self.render(source, folder: folder + "/centre", fallback: .centre)
        try #require(shots.first?.move == .blurredFill, "\(shots)")
        try #require(centreShots.first?.move == .centre, "\(centreShots)")
        let subjectShot = try #require(shots.last { $0.start <= 7 })
        try #require(subjectShot.move == .hold || subjectShot.move == .track, "\(shots)")

        // No frame dropped or added by the second branch: 8 s at 25 fps.
        let probe = try await ProcessRunner.run("/usr/bin/ffprobe", ["-v", "error", "-select_streams", "v", "-show_entries", "stream=nb_frames,width,height",
                                                                    "-of", "csv=p=0", filled])
        #expect(probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1080,1920,200", "\(probe.stdout)")

        // Compared at half size (540×960): the whole 640×360 frame at 1080 wide is 540×304
        // here, from row 328. The reference is the programme's picture at 3 s scaled by ffmpeg.
        let (width, height) = (540, 960)
        let reference = try await ShortFrames.frame(source, at: 3, width: 540, height: 304)
        let middle = 328 + 8..<328 + 296
        let top = 0..<300
        let bottom = 660..<960
        for time in [0.5, 2.0, 3.8] {
            let fill = try await ShortFrames.frame(filled, at: time, width: width, height: height)
            let centre = try await ShortFrames.frame(centred, at: time, width: width, height: height)
            let match = ShortFrames.difference(fill, rows: middle, reference, from: 8, width: width)
            #expect(match < 10, "at \(time) s the middle band differs from the whole frame by \(match)")
            #expect(ShortFrames.difference(centre, rows: middle, reference, from: 8, width: width) > 20, "CENTRE at \(time) s is not the crop")
            for band in [top, bottom] {
                let blurred = ShortFrames.detail(fill, width: width, rows: band)
                let sharp = ShortFrames.detail(centre, width: width, rows: band)
                #expect(blurred < 1, "at \(time) s rows \(band): detail \(blurred), not blurred")
                #expect(sharp > 3, "CENTRE at \(time) s rows \(band): detail \(sharp), the checker should show")
                // A blurred picture, not a padding colour: the pattern's mean brightness.
                #expect(ShortFrames.mean(fill, width: width, rows: band) > 60)
            }
            #expect(ShortFrames.detail(fill, width: width, rows: middle) > 6)
        }
        // The subject's shot (from 4 s of the short): the same crop in both renders.
        for time in [4.2, 6.0, 7.5] {
            let fill = try await ShortFrames.frame(filled, at: time, width: width, height: height)
            let centre = try await ShortFrames.frame(centred, at: time, width: width, height: height)
            let change = ShortFrames.difference(fill, rows: 0..<height, centre, width: width)
            #expect(change < 2, "at \(time) s the subject's shot differs between BLURRED_FILL and CENTRE by \(change)")
        }
    }
}

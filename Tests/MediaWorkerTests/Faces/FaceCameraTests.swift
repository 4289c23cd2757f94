import Foundation
import MediaWorkerMedia
import MediaWorkerShorts
import Testing

/// The analysis pass finds a real face in a generated 16:9 programme, and the virtual camera
/// keeps it in the 9:16 window.
@Suite("Faces in the shorts analysis and camera")
struct FaceCameraTests {
    /// Where the astronaut's picture is in each shot: its left edge at `t` seconds into the shot.
    static let shots: [(start: Double, left: @Sendable (Double) -> Double)] = [
        (0, { 40 + $0 * 200 }),
        (3, { 880 - $0 * 200 }),
        (6, { _ in 100 }),
    ]
    static let side = 360.0, top = 180.0

    @Test("faces are found in most frames of three shots; the camera keeps the face inside the 9:16 window in 95 % of them")
    func faceFollowed() async throws {
        let detector = FaceDetector(cascade: try FacePictures.cascade())
        let picture = try await FacePictures.astronaut(width: Int(Self.side))
        // The face's centre inside the 360-pixel picture, as our detector sees the still at the
        // size it has in the analysed frames (360 of 1280 pixels, analysed 480 wide: 135).
        let analysed = try await FacePictures.astronaut(width: 135)
        let still = try #require(detector.detect(analysed.grey.pixels, width: analysed.grey.width, height: analysed.grey.height).max { $0.width < $1.width })
        let scale = Self.side / Double(analysed.grey.width)
        let offset = (x: (Double(still.x) + Double(still.width) / 2) * scale, y: (Double(still.y) + Double(still.height) / 2) * scale)
        let video = try await ProgrammeAnalyzerTests.make("faces.mp4", [
            "-f", "lavfi", "-i", "color=c=0x404040:size=1280x720:rate=25:duration=3",
            "-f", "lavfi", "-i", "color=c=0x205030:size=1280x720:rate=25:duration=3",
            "-f", "lavfi", "-i", "color=c=0x502020:size=1280x720:rate=25:duration=3",
            "-loop", "1", "-framerate", "25", "-t", "9", "-i", picture.png,
            "-filter_complex",
            "[3]scale=360:360,split=3[p0][p1][p2];[0][p0]overlay=x='40+t*200':y=180:shortest=1[s0];[1][p1]overlay=x='880-t*200':y=180:shortest=1[s1];"
                + "[2][p2]overlay=x=100:y=180:shortest=1[s2];[s0][s1][s2]concat=n=3:v=1:a=0[v]",
            "-map", "[v]", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        ])
        let measured = try await ProgrammeAnalyzerTests.analyse(video)
        #expect(measured.shotCuts.count == 2, "\(measured.shotCuts)")
        func truth(_ time: Double) -> (x: Double, y: Double) {
            let shot = Self.shots.last { $0.start <= time + 1e-6 }!
            return ((shot.left(time - shot.start) + offset.x) / 1280, (Self.top + offset.y) / 720)
        }
        // Frames away from the cuts (a cut's frame may still show the last shot's picture).
        let frames = measured.frames.filter { frame in measured.shotCuts.allSatisfy { abs(frame.time - $0) > 0.25 } && frame.time < 8.8 }
        try #require(frames.count >= 35)
        let found = frames.filter { frame in
            let t = truth(frame.time)
            return frame.faces.contains { abs($0[0] - t.x) < 0.05 && abs($0[1] - t.y) < 0.08 }
        }
        #expect(Double(found.count) >= 0.8 * Double(frames.count), "a face near the truth in \(found.count) of \(frames.count) frames")
        let spurious = frames.flatMap { frame in frame.faces.filter { abs($0[0] - truth(frame.time).x) >= 0.05 } }
        #expect(spurious.count <= frames.count / 10, "faces away from the astronaut: \(spurious.count)")

        let samples = CameraSample.samples(from: measured)
        #expect(samples.filter { $0.subjects.contains { $0.kind == .face } }.count == measured.frames.filter { !$0.faces.isEmpty }.count)
        let path = CameraPathSolver(limits: CameraLimits()).solve(samples, sourceWidth: measured.width, sourceHeight: measured.height, rate: measured.rate)
        #expect(path.windowWidth == 404 && path.windowHeight == 720, "9:16 of 720, made even: \(path.windowWidth)×\(path.windowHeight)")
        let inside = measured.frames.filter { frame in
            let centre = truth(frame.time).x * 1280
            let left = Double(path.left(at: frame.time))
            return centre >= left && centre <= left + Double(path.windowWidth)
        }
        #expect(Double(inside.count) >= 0.95 * Double(measured.frames.count), "the face inside the window in \(inside.count) of \(measured.frames.count) frames")
    }

    @Test("the Faces signal reads the tallest face; signals.json from before faces still decodes")
    func signal() throws {
        let faced = MeasuredFrame(time: 0, brightness: 0.5, motion: 0, change: 0, moving: nil, faces: [[0.5, 0.5, 0.1, 0.125], [0.2, 0.5, 0.05, 0.05]])
        let bare = MeasuredFrame(time: 0.2, brightness: 0.5, motion: 0, change: 0, moving: [0.3, 0.5, 0.1, 0.1])
        let measured = ProgrammeMeasurements(rate: 5, duration: 0.4, width: 1280, height: 720, frameRate: 25, frames: [faced, bare], shotCuts: [],
                                             loudness: [], speech: [])
        let timeline = SignalTimeline(measured, cues: [])
        #expect(timeline.faces == [0.5, 0])
        let samples = CameraSample.samples(from: measured)
        #expect(samples[0].subjects.map(\.kind) == [.face, .face] && samples[1].subjects.map(\.kind) == [.salient])
        let old = #"{"time": 1.5, "brightness": 0.4, "motion": 0.01, "change": 0.02, "moving": [0.5, 0.5, 0.2, 0.3]}"#
        let decoded = try JSONDecoder().decode(MeasuredFrame.self, from: Data(old.utf8))
        #expect(decoded.faces.isEmpty && decoded.moving == [0.5, 0.5, 0.2, 0.3])
        let again = try JSONDecoder().decode(MeasuredFrame.self, from: try JSONEncoder().encode(faced))
        #expect(again == faced)
    }
}

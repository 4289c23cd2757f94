import MediaWorkerShorts
import Testing

/// The virtual camera on planted subject tracks: where the subject is known, the window must
/// contain it, move no faster than the limit inside a shot, and jump only at a cut.
@Suite("Shorts camera path")
struct CameraPathSolverTests {
    static let rate = 5.0
    static let width = 1920
    static let height = 1080

    /// A deterministic jitter in -amplitude...amplitude (a detector's noise).
    static func jitter(_ index: Int, _ amplitude: Double) -> Double {
        var x = UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        x = x &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 32
        return (Double(x % 10_000) / 10_000 * 2 - 1) * amplitude
    }

    /// Four 12-second shots: the subject walks left to right slowly, runs right to left, stands
    /// still, then walks again from the far left.
    static func movingSubject() -> (samples: [CameraSample], truth: [Double]) {
        var samples: [CameraSample] = []
        var truth: [Double] = []
        let shots: [(from: Double, to: Double)] = [(0.2, 0.75), (0.85, 0.15), (0.6, 0.6), (0.1, 0.5)]
        var index = 0
        for (shot, path) in shots.enumerated() {
            for step in 0..<60 {
                let x = path.from + (path.to - path.from) * Double(step) / 59
                truth.append(x)
                let box = SubjectBox(centreX: x + jitter(index, 0.01), centreY: 0.4, width: 0.08, height: 0.15)
                samples.append(CameraSample(time: Double(index) / rate, shot: shot, subjects: [box]))
                index += 1
            }
        }
        return (samples, truth)
    }

    @Test("a subject moving across four shots stays inside the 9:16 window in at least 95 % of frames")
    func subjectInside() {
        let (samples, truth) = Self.movingSubject()
        let path = CameraPathSolver(limits: CameraLimits()).solve(samples, sourceWidth: Self.width, sourceHeight: Self.height, rate: Self.rate)
        #expect(path.windowWidth == 608 && path.windowHeight == 1080)
        let inside = zip(samples, truth).filter { sample, x in
            let left = Double(path.left(at: sample.time))
            let centre = x * Double(Self.width)
            return centre >= left && centre <= left + Double(path.windowWidth)
        }.count
        #expect(Double(inside) / Double(samples.count) >= 0.95, "\(inside) of \(samples.count) frames")
        #expect(path.shots.map(\.move) == [.track, .track, .hold, .track])
    }

    @Test("inside a shot the window never moves faster than the limit; at a cut it re-targets within one frame")
    func speedLimit() {
        let (samples, truth) = Self.movingSubject()
        let limits = CameraLimits(maximumSpeed: 0.3)
        let path = CameraPathSolver(limits: limits).solve(samples, sourceWidth: Self.width, sourceHeight: Self.height, rate: Self.rate)
        for index in 1..<samples.count {
            let moved = abs(Double(path.left(at: samples[index].time) - path.left(at: samples[index - 1].time))) / Double(Self.width)
            let speed = moved * Self.rate
            if samples[index].shot == samples[index - 1].shot {
                // Two pixels of rounding to even positions.
                #expect(speed <= limits.maximumSpeed + 2 * Self.rate / Double(Self.width), "frame \(index): \(speed) widths/s")
            } else {
                let left = Double(path.left(at: samples[index].time))
                let centre = truth[index] * Double(Self.width)
                #expect(centre >= left && centre <= left + Double(path.windowWidth), "cut at frame \(index): subject outside")
            }
        }
    }

    @Test("a shot without subjects gets the configured fallback: a centre crop or the whole frame over a blur")
    func fallback() {
        let samples = (0..<20).map { CameraSample(time: Double($0) / Self.rate, shot: $0 < 10 ? 0 : 1, subjects: $0 < 10 ? [] : [
            SubjectBox(centreX: 0.15, centreY: 0.5, width: 0.1, height: 0.2)]) }
        let centre = CameraPathSolver(limits: CameraLimits()).solve(samples, sourceWidth: Self.width, sourceHeight: Self.height, rate: Self.rate)
        #expect(centre.shots.map(\.move) == [.centre, .hold])
        #expect(centre.left(at: 0) == (Self.width - 608) / 2)
        #expect(centre.left(at: 3) < 200)
        let blurred = CameraPathSolver(limits: CameraLimits(fallback: .blurredFill))
            .solve(samples, sourceWidth: Self.width, sourceHeight: Self.height, rate: Self.rate)
        #expect(blurred.shots.first?.move == .blurredFill)
        // The renderer's fill ranges: the no-subject shot (0–2 s) within a short of 1–3.5 s, in its own time.
        #expect(blurred.blurredFillRanges(from: 1, to: 3.5) == [0..<1])
        #expect(blurred.blurredFillRanges(from: 2.5, to: 3.5).isEmpty)
        #expect(centre.blurredFillRanges(from: 0, to: 4).isEmpty)
    }

    @Test("two faces that fit are framed together; two far apart make the camera follow the speaker")
    func twoSubjects() {
        let solver = CameraPathSolver(limits: CameraLimits())
        let close = [SubjectBox(centreX: 0.45, centreY: 0.4, width: 0.06, height: 0.12), SubjectBox(centreX: 0.55, centreY: 0.4, width: 0.06, height: 0.12)]
        let together = solver.solve((0..<10).map { CameraSample(time: Double($0) / Self.rate, shot: 0, subjects: close) },
                                    sourceWidth: Self.width, sourceHeight: Self.height, rate: Self.rate)
        #expect(together.shots[0].move == .hold)
        #expect(abs(together.shots[0].medianCentreX - 0.5) < 0.01)
        #expect(together.shots[0].reason.contains("fit together"))
        let far = [SubjectBox(centreX: 0.15, centreY: 0.4, width: 0.08, height: 0.15, speaking: 0.1),
                   SubjectBox(centreX: 0.8, centreY: 0.4, width: 0.08, height: 0.15, speaking: 0.9)]
        let speaker = solver.solve((0..<10).map { CameraSample(time: Double($0) / Self.rate, shot: 0, subjects: far) },
                                   sourceWidth: Self.width, sourceHeight: Self.height, rate: Self.rate)
        #expect(abs(speaker.shots[0].medianCentreX - 0.8) < 0.01)
        #expect(speaker.shots[0].reason.contains("speaker"))
    }

    @Test("a source no wider than 9:16 is shown whole")
    func narrowSource() {
        let samples = (0..<5).map { CameraSample(time: Double($0), shot: 0, subjects: []) }
        let path = CameraPathSolver(limits: CameraLimits()).solve(samples, sourceWidth: 720, sourceHeight: 1280, rate: 1)
        #expect(path.windowWidth == 720 && path.left(at: 2) == 0)
        #expect(path.shots[0].move == .fullFrame)
    }
}

/// Where the output's window sits in the source over time (`camera.json`): one centre per
/// analysed frame, the window's size in source pixels, and each shot's decision.
public struct CropPath: Sendable, Codable, Equatable {
    public var sourceWidth: Int
    public var sourceHeight: Int
    /// The window's size in source pixels (even numbers, as 4:2:0 pictures need).
    public var windowWidth: Int
    public var windowHeight: Int
    /// Analysed frames per second.
    public var rate: Double
    public var times: [Double]
    /// The window's centre for each time, as a fraction of the source width.
    public var centres: [Double]
    public var shots: [CameraShot]

    public init(sourceWidth: Int, sourceHeight: Int, windowWidth: Int, windowHeight: Int, rate: Double, times: [Double],
                centres: [Double], shots: [CameraShot]) {
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.windowWidth = windowWidth
        self.windowHeight = windowHeight
        self.rate = rate
        self.times = times
        self.centres = centres
        self.shots = shots
    }

    /// The window's left edge in source pixels at `time`: interpolated between analysed frames
    /// of one shot, never across a cut; even, and inside the picture.
    public func left(at time: Double) -> Int {
        guard !times.isEmpty else { return max(0, (sourceWidth - windowWidth) / 2) & ~1 }
        let next = times.firstIndex { $0 > time } ?? times.count
        let centre: Double
        if next == 0 {
            centre = centres[0]
        } else if next == times.count {
            centre = centres[times.count - 1]
        } else {
            let a = next - 1
            let sameShot = shot(at: times[a]) == shot(at: times[next])
            let fraction = sameShot ? (time - times[a]) / max(1e-9, times[next] - times[a]) : 0
            centre = centres[a] + (centres[next] - centres[a]) * fraction
        }
        let left = Int((centre * Double(sourceWidth) - Double(windowWidth) / 2).rounded())
        return min(max(0, left), max(0, sourceWidth - windowWidth)) & ~1
    }

    /// The shot holding `time`.
    public func shot(at time: Double) -> CameraShot? {
        shots.last { $0.start <= time + 1e-9 } ?? shots.first
    }

    /// Where the shots without a subject fall back to the whole frame over a blurred fill
    /// (``CameraMove/blurredFill``) within `start..<end` of the programme, in seconds from `start`.
    public func blurredFillRanges(from start: Double, to end: Double) -> [Range<Double>] {
        shots.filter { $0.move == .blurredFill }.compactMap { shot in
            let lower = max(shot.start, start) - start
            let upper = min(shot.end, end) - start
            return upper > lower ? lower..<upper : nil
        }
    }
}

/// The virtual camera: for each shot, holds a window still when the subjects stay within it,
/// otherwise pans after them, matching their speed, with limited speed and acceleration (a
/// kinematic path, after AutoFlip's `KinematicPathSolver`); re-targets at a cut and never jumps inside a shot. With
/// several subjects it keeps them together when they fit and follows the speaker when they do
/// not; without any it falls back to `CameraLimits.fallback`. Pure: positions in fractions of the
/// source width, time from the samples.
public struct CameraPathSolver: Sendable {
    public var limits: CameraLimits

    public init(limits: CameraLimits) {
        self.limits = limits
    }

    /// The path over `samples` (analysed frames in time order, every `1 / rate` seconds) for a
    /// source of `sourceWidth`×`sourceHeight` pixels, display size.
    public func solve(_ samples: [CameraSample], sourceWidth: Int, sourceHeight: Int, rate: Double) -> CropPath {
        let height = min(sourceHeight, Int(Double(sourceWidth) / limits.aspectRatio)) & ~1
        let width = min(sourceWidth, Int((Double(height) * limits.aspectRatio).rounded())) & ~1
        let window = Double(width) / Double(max(1, sourceWidth))
        var centres: [Double] = []
        var shots: [CameraShot] = []
        var index = 0
        while index < samples.count {
            var end = index
            while end + 1 < samples.count && samples[end + 1].shot == samples[index].shot { end += 1 }
            let slice = Array(samples[index...end])
            let (path, move, reason) = window >= 0.999 ? (slice.map { _ in 0.5 }, CameraMove.fullFrame, "the source is no wider than the output")
                : solveShot(slice, window: window, rate: rate)
            centres += path
            let next = end + 1 < samples.count ? samples[end + 1].time : slice[slice.count - 1].time + 1 / rate
            shots.append(CameraShot(shot: slice[0].shot, start: slice[0].time, end: next, move: move,
                                    medianCentreX: Self.median(path), reason: reason))
            index = end + 1
        }
        return CropPath(sourceWidth: sourceWidth, sourceHeight: sourceHeight, windowWidth: width, windowHeight: height, rate: rate,
                        times: samples.map(\.time), centres: centres, shots: shots)
    }

    private func solveShot(_ samples: [CameraSample], window: Double, rate: Double) -> ([Double], CameraMove, String) {
        let lower = window / 2
        let upper = 1 - window / 2
        let found = samples.map { target($0.subjects, window: window) }
        guard found.contains(where: { $0 != nil }) else {
            let move: CameraMove = limits.fallback == .centre ? .centre : .blurredFill
            return (samples.map { _ in 0.5 }, move, "no subject found; \(limits.fallback == .centre ? "centre crop" : "whole frame over a blurred fill")")
        }
        let reason = found.compactMap { $0?.reason }.mostCommon ?? "subject"
        let targets = smooth(fill(found.map { $0?.centre }), rate: rate).map { min(max($0, lower), upper) }
        let span = (targets.max() ?? 0.5) - (targets.min() ?? 0.5)
        if span <= window * (1 - 2 * limits.subjectMargin) {
            let centre = ((targets.max() ?? 0.5) + (targets.min() ?? 0.5)) / 2
            return (samples.map { _ in centre }, .hold, reason + "; subjects stay inside one window")
        }
        let dt = 1 / rate
        var position = targets[0]
        var velocity = 0.0
        var moving = false
        var path: [Double] = []
        for (index, target) in targets.enumerated() {
            let error = target - position
            // The subject's own speed (smoothed targets), so a steady walk gets a steady pan.
            let ahead = targets[min(targets.count - 1, index + 1)]
            let behind = targets[max(0, index - 1)]
            let targetSpeed = (ahead - behind) / (Double(min(targets.count - 1, index + 1) - max(0, index - 1)) * dt)
            // Hysteresis: the camera starts once the target leaves the deadband and keeps
            // following until it is back within a quarter of it and has stopped moving.
            if !moving && abs(error) > limits.deadband * window { moving = true }
            if moving && abs(error) < limits.deadband * window / 4 && abs(targetSpeed) < 0.02 { moving = false }
            // Follow the subject's speed and close the gap (2 per second), within the limit.
            let desired = !moving ? 0 : min(max(targetSpeed.isFinite ? targetSpeed + 2 * error : 2 * error, -limits.maximumSpeed), limits.maximumSpeed)
            let change = min(max(desired - velocity, -limits.maximumAcceleration * dt), limits.maximumAcceleration * dt)
            velocity += change
            position += velocity * dt
            if position < lower || position > upper {
                position = min(max(position, lower), upper)
                velocity = 0
            }
            path.append(position)
        }
        return (path, .track, reason + "; subjects move beyond one window")
    }

    /// Where the camera should look in one frame: the middle of all subjects when they fit the
    /// window together (with the margin), otherwise the speaker (most likely speaking, then
    /// largest).
    func target(_ subjects: [SubjectBox], window: Double) -> (centre: Double, reason: String)? {
        let faces = subjects.filter { $0.kind == .face }
        let candidates = faces.isEmpty ? subjects : faces
        guard let first = candidates.first else { return nil }
        let noun = faces.isEmpty ? "salient region" : "face"
        if candidates.count == 1 { return (first.centreX, "one \(noun)") }
        let left = candidates.map(\.left).min() ?? first.left
        let right = candidates.map(\.right).max() ?? first.right
        if right - left <= window * (1 - 2 * limits.subjectMargin) {
            return ((left + right) / 2, "\(candidates.count) \(noun)s fit together")
        }
        let speaker = candidates.max { ($0.speaking, $0.area) < ($1.speaking, $1.area) } ?? first
        return (speaker.centreX, "speaker chosen among \(candidates.count) \(noun)s")
    }

    /// Frames without a subject take the nearest earlier one's target (the first ones the
    /// first found).
    private func fill(_ targets: [Double?]) -> [Double] {
        let first = targets.compactMap { $0 }.first ?? 0.5
        var last = first
        return targets.map { value in
            if let value { last = value }
            return last
        }
    }

    /// A centred moving average over `smoothingSeconds`.
    private func smooth(_ values: [Double], rate: Double) -> [Double] {
        let radius = Int((limits.smoothingSeconds * rate / 2).rounded())
        guard radius > 0, values.count > 1 else { return values }
        let sums = PrefixSums(values)
        return values.indices.map { sums.mean(max(0, $0 - radius)..<min(values.count, $0 + radius + 1)) }
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0.5 }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

extension Array where Element == String {
    fileprivate var mostCommon: String? {
        Dictionary(grouping: self, by: { $0 }).max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key
    }
}

public import MediaWorkerCaptions
public import MediaWorkerMedia

extension SignalTimeline {
    /// Motion (mean absolute luma change) at which a window counts as fully active.
    static let busyMotion = 0.05

    /// The timeline moment scoring reads, from an analysis pass and the upload's captions.
    /// Faces are 0 until a face detector is part of the pass (docs/shorts.md); a programme
    /// without sound reads as silent.
    public init(_ measured: ProgrammeMeasurements, cues: [CaptionCue]) {
        let count = max(1, Int((measured.duration * measured.rate).rounded(.up)))
        var motion = [Double](repeating: 0, count: count)
        var brightness = [Double](repeating: 0.5, count: count)
        let cutFrames = Set(measured.shotCuts.map { Int(($0 * measured.rate).rounded(.down)) })
        for frame in measured.frames {
            let index = min(count - 1, max(0, Int((frame.time * measured.rate).rounded(.down))))
            // A cut's picture change is not motion.
            if !cutFrames.contains(index) { motion[index] = min(1, frame.motion / Self.busyMotion) }
            brightness[index] = frame.brightness
        }
        for index in cutFrames where index > 0 && index < count { motion[index] = motion[index - 1] }
        func fitted(_ values: [Double], _ fill: Double) -> [Double] {
            values.count >= count ? Array(values.prefix(count)) : values + [Double](repeating: fill, count: count - values.count)
        }
        self.init(
            rate: measured.rate, duration: measured.duration, loudness: fitted(measured.loudness, -70), speech: fitted(measured.speech, 0),
            motion: motion, faces: [Double](repeating: 0, count: count), brightness: brightness, shotCuts: measured.shotCuts, cues: cues)
    }
}

public import MediaWorkerCaptions
public import MediaWorkerMedia

extension SignalTimeline {
    /// Motion (mean absolute luma change) at which a window counts as fully active.
    static let busyMotion = 0.05

    /// A face this tall (a fraction of the picture's height) or taller counts as fully present.
    static let presentFaceHeight = 0.25

    /// The timeline moment scoring reads, from an analysis pass and the upload's captions.
    /// Faces: per sample, the tallest face's height over `presentFaceHeight`, at most 1 (0
    /// without a face); a programme without sound reads as silent.
    public init(_ measured: ProgrammeMeasurements, cues: [CaptionCue]) {
        let count = max(1, Int((measured.duration * measured.rate).rounded(.up)))
        var motion = [Double](repeating: 0, count: count)
        var brightness = [Double](repeating: 0.5, count: count)
        var faces = [Double](repeating: 0, count: count)
        let cutFrames = Set(measured.shotCuts.map { Int(($0 * measured.rate).rounded(.down)) })
        for frame in measured.frames {
            let index = min(count - 1, max(0, Int((frame.time * measured.rate).rounded(.down))))
            // A cut's picture change is not motion.
            if !cutFrames.contains(index) { motion[index] = min(1, frame.motion / Self.busyMotion) }
            brightness[index] = frame.brightness
            let tallest = frame.faces.compactMap { $0.count == 4 ? $0[3] : nil }.max() ?? 0
            faces[index] = min(1, tallest / Self.presentFaceHeight)
        }
        for index in cutFrames where index > 0 && index < count { motion[index] = motion[index - 1] }
        func fitted(_ values: [Double], _ fill: Double) -> [Double] {
            values.count >= count ? Array(values.prefix(count)) : values + [Double](repeating: fill, count: count - values.count)
        }
        self.init(
            rate: measured.rate, duration: measured.duration, loudness: fitted(measured.loudness, -70), speech: fitted(measured.speech, 0),
            motion: motion, faces: faces, brightness: brightness, shotCuts: measured.shotCuts, cues: cues)
    }
}

public import MediaWorkerMedia

extension CameraSample {
    /// One sample per analysed frame: its shot (cuts counted up to it) and its subjects (the
    /// moving region as a salient subject; faces once the pass detects them).
    public static func samples(from measured: ProgrammeMeasurements) -> [CameraSample] {
        let cuts = measured.shotCuts.sorted()
        return measured.frames.map { frame in
            let shot = cuts.filter { $0 <= frame.time + 1e-6 }.count
            let subjects = frame.moving.flatMap { box -> [SubjectBox]? in
                box.count == 4 ? [SubjectBox(centreX: box[0], centreY: box[1], width: box[2], height: box[3], kind: .salient)] : nil
            } ?? []
            return CameraSample(time: frame.time, shot: shot, subjects: subjects)
        }
    }
}

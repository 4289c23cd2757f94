public import MediaWorkerMedia

extension CameraSample {
    /// One sample per analysed frame: its shot (cuts counted up to it) and its subjects: the
    /// faces the pass found, or, in a frame without faces, the moving region as a salient subject.
    public static func samples(from measured: ProgrammeMeasurements) -> [CameraSample] {
        let cuts = measured.shotCuts.sorted()
        return measured.frames.map { frame in
            let shot = cuts.filter { $0 <= frame.time + 1e-6 }.count
            let faces = frame.faces.filter { $0.count == 4 }.map { box in
                SubjectBox(centreX: box[0], centreY: box[1], width: box[2], height: box[3], kind: .face)
            }
            let subjects = !faces.isEmpty ? faces : frame.moving.flatMap { box -> [SubjectBox]? in
                box.count == 4 ? [SubjectBox(centreX: box[0], centreY: box[1], width: box[2], height: box[3], kind: .salient)] : nil
            } ?? []
            return CameraSample(time: frame.time, shot: shot, subjects: subjects)
        }
    }
}

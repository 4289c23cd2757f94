/// What the camera knows of one analysed frame: when it is, which shot it belongs to and the
/// subjects in it.
public struct CameraSample: Sendable, Codable, Equatable {
    /// Seconds from the start of the programme.
    public var time: Double
    /// Increases by one at every shot cut.
    public var shot: Int
    public var subjects: [SubjectBox]

    public init(time: Double, shot: Int, subjects: [SubjectBox]) {
        self.time = time
        self.shot = shot
        self.subjects = subjects
    }
}

/// The camera's decision for one shot, and the position a static crop would use (the median
/// window centre), which is what a MediaConvert input of this shot gets.
public struct CameraShot: Sendable, Codable, Equatable {
    public var shot: Int
    /// Seconds from the start of the programme.
    public var start: Double
    public var end: Double
    public var move: CameraMove
    /// The median of the window's centre over the shot, as a fraction of the source width.
    public var medianCentreX: Double
    /// Why this move: "2 faces fit together", "speaker chosen among 2 faces", "no subject".
    public var reason: String

    public init(shot: Int, start: Double, end: Double, move: CameraMove, medianCentreX: Double, reason: String) {
        self.shot = shot
        self.start = start
        self.end = end
        self.move = move
        self.medianCentreX = medianCentreX
        self.reason = reason
    }
}

/// How the camera treats one shot.
public enum CameraMove: String, Sendable, Codable, Equatable {
    /// The subjects stay within one window: it holds still.
    case hold
    /// The subjects move further: it pans after them within the speed and acceleration limits.
    case track
    /// No subject: a centred window.
    case centre
    /// No subject: the whole frame over a blurred fill.
    case blurredFill
    /// The source is already as narrow as the output: the whole frame, nothing to move.
    case fullFrame
}

/// How the virtual camera may move inside a shot. Speeds are in source frame widths per second,
/// so the same limits suit every resolution.
public struct CameraLimits: Sendable, Codable, Equatable {
    /// The output picture's width over its height. Default: 9:16.
    public var aspectRatio: Double
    /// The fastest pan, in source widths per second. Default: 0.35.
    public var maximumSpeed: Double
    /// The fastest change of speed, in source widths per second per second. Default: 1.0.
    public var maximumAcceleration: Double
    /// The camera does not move while its target stays within this fraction of the window's
    /// width of the window's centre. Default: 0.15.
    public var deadband: Double
    /// The subject positions are averaged over this many seconds before the camera follows
    /// them, so detector jitter does not move it. Default: 0.6.
    public var smoothingSeconds: Double
    /// A margin kept around subjects when deciding whether they fit the window together, as a
    /// fraction of the window's width. Default: 0.1.
    public var subjectMargin: Double
    /// What a shot without any subject shows.
    public var fallback: CameraFallback

    public init(
        aspectRatio: Double = 9.0 / 16.0, maximumSpeed: Double = 0.35, maximumAcceleration: Double = 1.0, deadband: Double = 0.15,
        smoothingSeconds: Double = 0.6, subjectMargin: Double = 0.1, fallback: CameraFallback = .centre
    ) {
        self.aspectRatio = aspectRatio
        self.maximumSpeed = maximumSpeed
        self.maximumAcceleration = maximumAcceleration
        self.deadband = deadband
        self.smoothingSeconds = smoothingSeconds
        self.subjectMargin = subjectMargin
        self.fallback = fallback
    }

    private enum CodingKeys: String, CodingKey {
        case aspectRatio = "AspectRatio", maximumSpeed = "MaxSpeed", maximumAcceleration = "MaxAcceleration"
        case deadband = "Deadband", smoothingSeconds = "SmoothingSeconds", subjectMargin = "SubjectMargin", fallback = "Fallback"
    }

    public init(from decoder: any Decoder) throws {
        let d = CameraLimits()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        aspectRatio = try c.decodeIfPresent(Double.self, forKey: .aspectRatio) ?? d.aspectRatio
        maximumSpeed = try c.decodeIfPresent(Double.self, forKey: .maximumSpeed) ?? d.maximumSpeed
        maximumAcceleration = try c.decodeIfPresent(Double.self, forKey: .maximumAcceleration) ?? d.maximumAcceleration
        deadband = try c.decodeIfPresent(Double.self, forKey: .deadband) ?? d.deadband
        smoothingSeconds = try c.decodeIfPresent(Double.self, forKey: .smoothingSeconds) ?? d.smoothingSeconds
        subjectMargin = try c.decodeIfPresent(Double.self, forKey: .subjectMargin) ?? d.subjectMargin
        fallback = try c.decodeIfPresent(CameraFallback.self, forKey: .fallback) ?? d.fallback
    }

    var problems: [String] {
        var problems: [String] = []
        if !(aspectRatio > 0) { problems.append("Camera.AspectRatio must be above 0 (9:16 is 0.5625)") }
        if !(maximumSpeed > 0) { problems.append("Camera.MaxSpeed must be above 0 source widths per second") }
        if !(maximumAcceleration > 0) { problems.append("Camera.MaxAcceleration must be above 0") }
        if !(0..<0.5).contains(deadband) { problems.append("Camera.Deadband must be at least 0 and below 0.5") }
        if !(smoothingSeconds >= 0) { problems.append("Camera.SmoothingSeconds must be 0 or more") }
        if !(0..<0.5).contains(subjectMargin) { problems.append("Camera.SubjectMargin must be at least 0 and below 0.5") }
        return problems
    }
}

/// What the camera shows in a shot where no subject was found.
public enum CameraFallback: String, Sendable, Codable, Equatable {
    /// A window at the centre of the frame.
    case centre = "CENTRE"
    /// The whole frame, scaled to the output's width, over a blurred and enlarged copy of itself.
    case blurredFill = "BLURRED_FILL"
}

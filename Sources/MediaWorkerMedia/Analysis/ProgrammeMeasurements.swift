/// What one analysis pass measured of a programme (`signals.json`, `shots.json`): one value per
/// analysed frame for the pictures, one per `1 / rate` seconds for the sound.
public struct ProgrammeMeasurements: Sendable, Codable, Equatable {
    /// Samples per second.
    public var rate: Double
    /// Seconds.
    public var duration: Double
    /// The pictures' display size (rotation applied).
    public var width: Int
    public var height: Int
    /// The source's frame rate.
    public var frameRate: Double
    /// One per analysed frame, in time order.
    public var frames: [MeasuredFrame]
    /// Shot cuts in seconds.
    public var shotCuts: [Double]
    /// Momentary loudness (K-weighted, 400 ms, BS.1770) at each sample's centre, LUFS; empty
    /// without audio.
    public var loudness: [Double]
    /// Speech activity per sample, 0 to 1 (a heuristic detector, see docs/shorts.md).
    public var speech: [Double]

    public init(rate: Double, duration: Double, width: Int, height: Int, frameRate: Double, frames: [MeasuredFrame], shotCuts: [Double],
                loudness: [Double], speech: [Double]) {
        self.rate = rate
        self.duration = duration
        self.width = width
        self.height = height
        self.frameRate = frameRate
        self.frames = frames
        self.shotCuts = shotCuts
        self.loudness = loudness
        self.speech = speech
    }
}

/// One analysed picture.
public struct MeasuredFrame: Sendable, Codable, Equatable {
    /// Seconds from the start.
    public var time: Double
    /// Mean luma, 0 to 1.
    public var brightness: Double
    /// Mean absolute luma change from the previous analysed frame, 0 to 1.
    public var motion: Double
    /// Histogram change from the previous analysed frame, 0 to 1 (half the L1 distance).
    public var change: Double
    /// The region that moved, in fractions of the picture: centre x, centre y, width, height.
    public var moving: [Double]?
    /// The faces found, each as the moving region is stored (centre x, centre y, width,
    /// height in fractions of the picture); empty when none, or in a `signals.json` written
    /// before faces were detected.
    public var faces: [[Double]]

    public init(time: Double, brightness: Double, motion: Double, change: Double, moving: [Double]?, faces: [[Double]] = []) {
        self.time = time
        self.brightness = brightness
        self.motion = motion
        self.change = change
        self.moving = moving
        self.faces = faces
    }

    private enum CodingKeys: String, CodingKey {
        case time, brightness, motion, change, moving, faces
    }

    /// Reads `faces` as empty when absent, so artifacts from before face detection still read.
    public init(from decoder: any Swift.Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        time = try c.decode(Double.self, forKey: .time)
        brightness = try c.decode(Double.self, forKey: .brightness)
        motion = try c.decode(Double.self, forKey: .motion)
        change = try c.decode(Double.self, forKey: .change)
        moving = try c.decodeIfPresent([Double].self, forKey: .moving)
        faces = try c.decodeIfPresent([[Double]].self, forKey: .faces) ?? []
    }
}

/// How the shorts analysis pass decodes: at reduced size and rate, as AutoFlip analyses
/// (480 pixels wide at 5 frames per second).
public struct AnalysisOptions: Sendable, Equatable {
    /// Analysed frames (and signal samples) per second. Default: 5.
    public var rate: Double
    /// The width pictures are scaled to before measuring. Default: 480.
    public var width: Int
    /// A histogram change above this (0 to 1) between two analysed frames is a shot cut.
    /// Default: 0.4.
    public var cutThreshold: Double
    /// Decoder threads; 0 lets FFmpeg choose.
    public var threads: Int32
    /// The OpenCV Haar cascade the faces are detected with, on every analysed frame; `nil`
    /// turns face detection off. Default: Debian's `opencv-data` frontal face cascade.
    public var faceCascade: String?

    public init(rate: Double = 5, width: Int = 480, cutThreshold: Double = 0.4, threads: Int32 = 0,
                faceCascade: String? = HaarCascade.frontalFacePath) {
        self.rate = rate
        self.width = width
        self.cutThreshold = cutThreshold
        self.threads = threads
        self.faceCascade = faceCascade
    }
}

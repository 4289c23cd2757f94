public import MediaWorkerShorts

/// One short cut from the upload, as the job record lists it: the programme range it was cut
/// from, its score and signals, its files, and (on the MediaConvert backend) its own job.
public struct DeliveredShort: Codable, Sendable, Equatable {
    public var rank: Int
    /// Seconds of the upload.
    public var start: Double
    public var end: Double
    public var score: Double
    public var signals: SignalScores
    /// Keys in the delivery bucket: `shorts/<path>/<name>_short<N>.mp4` and its `.jpg`.
    public var video: String
    public var thumbnail: String?
    /// The rendered short's duration, and its source loudness and the gain applied (local engine).
    public var duration: Double?
    public var sourceLoudness: Double?
    public var gain: Double?
    /// The MediaConvert job that renders this short (one input per shot it spans).
    public var job: EncodingJob?
    /// How many inputs (shots) the MediaConvert job has.
    public var inputs: Int?
    /// The MediaConvert job's frame capture that becomes `thumbnail` once the job is done.
    public var capture: String?

    public init(rank: Int, start: Double, end: Double, score: Double, signals: SignalScores, video: String) {
        self.rank = rank
        self.start = start
        self.end = end
        self.score = score
        self.signals = signals
        self.video = video
    }

    /// A short the local engine rendered.
    public init(_ output: ShortOutput) {
        self.init(rank: output.rank, start: output.start, end: output.end, score: output.score, signals: output.signals, video: output.video)
        thumbnail = output.thumbnail
        duration = output.duration
        sourceLoudness = output.sourceLoudness
        gain = output.gain
    }
}

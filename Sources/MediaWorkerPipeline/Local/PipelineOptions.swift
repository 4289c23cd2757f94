public import MediaWorkerMedia
public import MediaWorkerJobs

/// Everything the pipeline's steps need to know.
public struct PipelineOptions: Sendable {
    public var ladder: LadderOptions
    public var thumbnail: ThumbnailOptions
    public var limits: MediaLimits
    /// AAC bitrate of audio-only deliveries (`.m4a`).
    public var audioBitrate: Int
    /// The largest caption file read, in bytes.
    public var maxCaptionBytes: Int
    /// A job template to run with the local engine instead of the built-in ladder.
    public var template: JobTemplate?

    public init(
        ladder: LadderOptions = LadderOptions(), thumbnail: ThumbnailOptions = ThumbnailOptions(), limits: MediaLimits = MediaLimits(),
        audioBitrate: Int = 192_000, maxCaptionBytes: Int = 20 << 20
    ) {
        self.ladder = ladder
        self.thumbnail = thumbnail
        self.limits = limits
        self.audioBitrate = audioBitrate
        self.maxCaptionBytes = maxCaptionBytes
    }
}

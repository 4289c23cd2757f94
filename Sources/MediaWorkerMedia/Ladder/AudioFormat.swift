/// What one rung's audio track is encoded as, from which source track; rungs with the same
/// format share one encode.
struct AudioFormat: Equatable {
    /// `aac`, or the WebM rungs' Vorbis.
    var codecName: String
    var bitrate: Int
    var sampleRate: Int32
    var channels: Int32
    /// The source's audio track (``Rendition/audioTrack``).
    var track: Int?

    init(_ rendition: Rendition, options: LadderOptions) {
        codecName = rendition.encoding.videoCodec == .vp9 ? VideoCodec.vp9.audioEncoderName : "aac"
        bitrate = rendition.audioBitrate
        sampleRate = rendition.audioSampleRate ?? options.audioSampleRate
        channels = Int32(min(2, max(1, rendition.audioChannels ?? options.audioChannels)))
        track = rendition.audioTrack
    }
}

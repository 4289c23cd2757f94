internal import CFFmpeg
import Foundation

/// Audio-only uploads other than MP3 (WAV, FLAC, M4A, OGG/Opus) become AAC in an `.m4a`,
/// stereo at the ladder's audio rate, with the container tags kept; templates' audio-only
/// outputs may ask for MP3, AC-3 or WAV instead (`codec`).
public struct AudioTranscoder: Sendable {
    public var bitrate: Int
    public var sampleRate: Int32
    public var limits: MediaLimits
    /// 1 (mono) or 2 (stereo).
    public var channels: Int32 = 2
    /// The codec (AAC by default).
    public var codec: AudioCodec = .aac
    /// The muxer: `nil` for the codec's own file (`.m4a`, `.mp3`, `.ac3`, `.wav`), `mp4` for MP4.
    public var format: String?
    /// The track's language tag (ISO 639-2, `eng`); `nil` writes none.
    public var language: String?
    /// The source's audio track to take (1 = its first audio stream; an audio selector's
    /// `Tracks`); `nil`: the best one.
    public var track: Int?
    /// The kept part of the source (`InputClippings`; timecodes at the video's frame rate, 25
    /// without video); `nil` keeps all of it.
    public var clip: InputClip?
    /// `AudioNormalizationSettings`: measured first, corrected in the encode (CORRECT_AUDIO).
    public var loudness: LoudnessNormalization?

    public init(bitrate: Int = 192_000, sampleRate: Int32 = 48_000, limits: MediaLimits = MediaLimits()) {
        self.bitrate = bitrate
        self.sampleRate = sampleRate
        self.limits = limits
    }

    /// Writes `path` (validated, moved into place when complete). Blocking.
    public func transcode(
        _ source: MediaSource, to path: String, progress: (@Sendable (Double) -> Void)? = nil, cancellation: MediaCancellation? = nil
    ) throws -> RenditionOutput {
        try FFmpegLog.configure()
        var measurement: LoudnessMeasurement?
        var filter: String?
        if let loudness {
            (measurement, filter) = try LoudnessPass.run(loudness, source: source, limits: limits, clip: clip, track: track, cancellation: cancellation)
        }
        let input = try InputContext.open(source, limits: limits, cancellation: cancellation)
        guard let audioIndex = try input.audioStream(track: track) else {
            throw MediaError(.unsupportedContent, "\(input.name) has no audio stream", path: input.name)
        }
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let partial = (directory as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).partial")
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let muxer = format ?? codec.fileFormat
        let output = try OutputContext(path: partial, format: muxer)
        let chain = try AudioChain(
            input: input, streamIndex: audioIndex, bitrate: bitrate, sampleRate: sampleRate, channels: min(2, max(1, channels)), globalHeader: output.wantsGlobalHeader,
            codecName: codec.encoderName, sampleFormat: codec.sampleFormat)
        let window = try ClipResolver.window(clip, input: input, stream: input.stream(input.bestStream(AVMEDIA_TYPE_VIDEO) ?? audioIndex))
        chain.clip = window
        chain.filter = filter
        _ = try output.addStream(for: chain.encoder, language: language)
        for (key, value) in FFDictionary.entries(input.pointer.pointee.metadata) {
            av_dict_set(&output.pointer.pointee.metadata, key, value, 0)
        }
        try output.writeHeader(options: ["ipod", "mp4"].contains(muxer) ? ["movflags": "+faststart"] : [:])
        let timeBase = chain.timeBase
        let write: (Packet) throws -> Void = { try output.write($0, stream: 0, timeBase: timeBase) }
        let packet = try Packet()
        let streamTimeBase = input.stream(audioIndex).pointee.time_base
        var reported = -1
        while try input.read(into: packet) {
            defer { packet.unreference() }
            try input.interrupt.check(input.name)
            guard packet.streamIndex == audioIndex else { continue }
            // Past the clip's end: nothing more is kept.
            if let end = window?.end, packet.pointer.pointee.pts != mw_av_nopts_value(),
                Double(packet.pointer.pointee.pts) * av_q2d(streamTimeBase) - input.startSeconds > end + 1
            { break }
            if let progress, let duration = input.durationSeconds, packet.pointer.pointee.pts != mw_av_nopts_value() {
                let percent = min(99, Int(Double(packet.pointer.pointee.pts) * av_q2d(streamTimeBase) / duration * 100))
                if percent > reported { reported = percent; progress(Double(percent) / 100) }
            }
            try chain.decode(packet, emit: write)
        }
        try chain.finish(emit: write)
        try output.finish()
        let metadata = try OutputValidator().validate(partial, against: .init(audioCodec: codec.codecName, duration: ClipResolver.duration(window, source: input.durationSeconds)))
        try? FileManager.default.removeItem(atPath: path)
        do {
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            throw MediaError(.io, "cannot move the finished audio to \(path): \(error.localizedDescription)", path: path)
        }
        progress?(1)
        var result = RenditionOutput(
            name: "audio", path: path, width: 0, height: 0, videoBitrate: 0, duration: metadata.container.duration ?? 0,
            bytes: metadata.container.size ?? 0, hasAudio: true)
        result.loudness = measurement
        return result
    }
}

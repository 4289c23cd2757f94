internal import CFFmpeg
import Foundation

/// The shorts analysis pass: one decode of the programme, pictures through a libavfilter graph
/// to grey at reduced size and rate (`fps`, `scale`, `format=gray`, the rotation applied), the
/// sound through libswresample to 48 kHz float; measures brightness, motion, histogram change
/// (shot cuts), the moving region, the faces (OpenCV's Haar cascade, `FaceDetector`), momentary loudness and speech activity.
public enum ProgrammeAnalyzer {
    /// Analyses `source`; `progress` gets 0…1 as decoding advances.
    public static func analyse(
        _ source: MediaSource, options: AnalysisOptions = AnalysisOptions(), limits: MediaLimits = MediaLimits(),
        cancellation: MediaCancellation? = nil, progress: (@Sendable (Double) -> Void)? = nil
    ) throws -> ProgrammeMeasurements {
        try FFmpegLog.configure()
        let input = try InputContext.open(source, limits: limits, cancellation: cancellation)
        guard let videoIndex = input.bestStream(AVMEDIA_TYPE_VIDEO) else {
            throw MediaError(.unsupportedContent, "\(input.name) has no video stream; shorts are cut from video", path: input.name)
        }
        let stream = input.stream(videoIndex)
        let geometry = MediaProber.geometry(input, stream)
        let video = try Decoder(input: input, streamIndex: videoIndex, threads: options.threads)
        let audioIndex = input.bestStream(AVMEDIA_TYPE_AUDIO)
        let audio = try audioIndex.map { try Decoder(input: input, streamIndex: $0, threads: 1) }
        let converter = try audio.map { try PCMConverter(source: $0.context) }
        var run = try AnalysisRun(input: input, stream: stream, rotation: geometry.rotation, options: options, progress: progress)
        let packet = try Packet()
        let frame = try Frame()
        while try input.read(into: packet) {
            defer { packet.unreference() }
            try input.interrupt.check(input.name)
            if packet.streamIndex == videoIndex {
                try video.send(packet)
                while try video.receive(into: frame) { try run.picture(frame) }
            } else if let audio, let converter, packet.streamIndex == audioIndex {
                try audio.send(packet)
                while try audio.receive(into: frame) {
                    run.sound(try converter.convert(frame))
                    frame.unreference()
                }
            }
        }
        try video.send(nil)
        while try video.receive(into: frame) { try run.picture(frame) }
        if let audio, let converter {
            try audio.send(nil)
            while try audio.receive(into: frame) {
                run.sound(try converter.convert(frame))
                frame.unreference()
            }
            run.sound(try converter.convert(nil))
        }
        try run.finishPictures()
        guard !run.frames.isEmpty else {
            throw MediaError(.decodeFailed, "\(input.name): no video frame could be decoded; the file is damaged or truncated", path: input.name)
        }
        let display = geometry.displaySize
        let duration = input.durationSeconds ?? ((run.frames.last?.time ?? 0) + 1 / options.rate)
        let count = max(1, Int((duration * options.rate).rounded(.up)))
        let hasAudio = audio != nil
        progress?(1)
        return ProgrammeMeasurements(
            rate: options.rate, duration: duration, width: display.width, height: display.height,
            frameRate: av_q2d(LadderRun.outputFrameRate(stream, max: 1000)), frames: run.frames, shotCuts: run.cuts(threshold: options.cutThreshold),
            loudness: hasAudio ? (0..<count).map { run.loudness.momentary(at: (Double($0) + 0.5) / options.rate) } : [],
            speech: hasAudio ? run.speech.activity(count: count, rate: options.rate) : [])
    }
}

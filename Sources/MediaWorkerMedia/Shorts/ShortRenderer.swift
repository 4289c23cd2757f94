internal import CFFmpeg
import Foundation

/// Renders one vertical short: the programme's range decoded once, each picture through a
/// libavfilter graph (`sendcmd` moving a `crop` window along the camera path, `scale` to the
/// output, or the whole frame over a blurred fill in the shots without a subject, the overlay filters such as burned-in subtitles, the watermark by `movie` +
/// `overlay`), encoded with libx264; the sound from ``ShortAudio``; both timed from 0, so they
/// start and end together.
public enum ShortRenderer {
    public static func render(_ request: ShortRenderRequest, limits: MediaLimits = MediaLimits(), cancellation: MediaCancellation? = nil) throws -> RenderedShort {
        try FFmpegLog.configure()
        guard request.end > request.start else { throw MediaError(.invalidArgument, "the short's end (\(request.end) s) is not after its start (\(request.start) s)") }
        let input = try InputContext.open(.file(request.source), limits: limits, cancellation: cancellation)
        guard let videoIndex = input.bestStream(AVMEDIA_TYPE_VIDEO) else {
            throw MediaError(.unsupportedContent, "\(input.name) has no video stream", path: input.name)
        }
        let stream = input.stream(videoIndex)
        let audio: ShortAudio?
        if let audioIndex = input.bestStream(AVMEDIA_TYPE_AUDIO) {
            let audioInput = try InputContext.open(.file(request.source), limits: limits, cancellation: cancellation)
            audio = try ShortAudio(input: audioInput, streamIndex: audioIndex, start: request.start, end: request.end,
                                   target: request.targetLoudness, peakLimit: request.peakLimit)
        } else {
            audio = nil
        }
        let frameRate = LadderRun.outputFrameRate(stream, max: 60)
        let folder = (request.output as NSString).deletingLastPathComponent
        let commands = (folder as NSString).appendingPathComponent(".\((request.output as NSString).lastPathComponent).crop.cmd")
        try writeCommands(request, frameRate: av_q2d(frameRate), to: commands)
        defer { try? FileManager.default.removeItem(atPath: commands) }
        let description = filters(request, commands: commands)

        try input.seek(stream: videoIndex, to: Int64((max(0, request.start - 1) + input.startSeconds) / av_q2d(stream.pointee.time_base)))
        let decoder = try Decoder(input: input, streamIndex: videoIndex)
        let timeBase = stream.pointee.time_base
        let startPts = Int64(((request.start + input.startSeconds) / av_q2d(timeBase)).rounded())
        let partial = (folder as NSString).appendingPathComponent(".\((request.output as NSString).lastPathComponent).partial.mp4")
        let output = try OutputContext(path: partial, format: "mp4")
        var graph: VideoFilterGraph?
        var encoder: Encoder?
        var audioNext = 0
        var frames = 0
        let packet = try Packet()
        let decoded = try Frame()
        let filtered = try Frame()
        let encoded = try Packet()

        func writeAudio(until seconds: Double) throws {
            guard let audio else { return }
            while audioNext < audio.packets.count {
                let next = audio.packets[audioNext]
                guard Double(next.pointer.pointee.pts) / Double(ShortAudio.rate) <= seconds else { return }
                try output.write(next, stream: 1, timeBase: AVRational(num: 1, den: ShortAudio.rate))
                audioNext += 1
            }
        }
        func drainEncoder() throws {
            guard let encoder else { return }
            while try encoder.receive(into: encoded) {
                // Every picture lasts one frame, the last one too (else MP4 gives it none).
                if encoded.pointer.pointee.duration <= 0 {
                    encoded.pointer.pointee.duration = max(1, Int64((1 / av_q2d(frameRate) / av_q2d(encoder.context.pointee.time_base)).rounded()))
                }
                let seconds = Double(encoded.pointer.pointee.dts) * av_q2d(encoder.context.pointee.time_base)
                try writeAudio(until: seconds)
                try output.write(encoded, stream: 0, timeBase: encoder.context.pointee.time_base)
                encoded.unreference()
            }
        }
        func pull() throws {
            guard let graph else { return }
            while try graph.receive(into: filtered) {
                if encoder == nil {
                    encoder = try makeEncoder(request, graph: graph, frameRate: frameRate, globalHeader: output.wantsGlobalHeader)
                    _ = try output.addStream(for: encoder!)
                    if let audio { _ = try output.addStream(for: audio.encoder) }
                    try output.writeHeader(options: ["movflags": "+faststart"])
                }
                filtered.pointer.pointee.pict_type = AV_PICTURE_TYPE_NONE
                try encoder!.send(filtered)
                frames += 1
                try drainEncoder()
            }
        }
        func handle(_ frame: Frame) throws -> Bool {
            let pts = frame.pointer.pointee.best_effort_timestamp
            let time = Double(pts) * av_q2d(timeBase) - input.startSeconds
            let half = 0.5 / av_q2d(frameRate)
            if time < request.start - half { return true }
            if time >= request.end - half { return false }
            frame.pointer.pointee.pts = pts - startPts
            if graph == nil {
                graph = try VideoFilterGraph(description, input: .init(frame: frame, timeBase: timeBase, frameRate: frameRate))
            }
            try graph!.send(frame)
            try pull()
            return true
        }
        var going = true
        do {
            reading: while going, try input.read(into: packet) {
                defer { packet.unreference() }
                try input.interrupt.check(input.name)
                guard packet.streamIndex == videoIndex else { continue }
                try decoder.send(packet)
                while try decoder.receive(into: decoded) {
                    going = try handle(decoded)
                    decoded.unreference()
                    if !going { continue reading }
                }
            }
            if going {
                try decoder.send(nil)
                while try decoder.receive(into: decoded) {
                    if !(try handle(decoded)) { break }
                    decoded.unreference()
                }
            }
            try graph?.send(nil)
            try pull()
            guard let encoder else {
                throw MediaError(.decodeFailed, "\(input.name): no picture between \(request.start) s and \(request.end) s could be decoded", path: input.name)
            }
            try encoder.send(nil)
            try drainEncoder()
            try writeAudio(until: .infinity)
            try output.finish()
            try? FileManager.default.removeItem(atPath: request.output)
            try FileManager.default.moveItem(atPath: partial, toPath: request.output)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        return RenderedShort(path: request.output, duration: Double(frames) / av_q2d(frameRate), frames: frames,
                             sourceLoudness: audio?.sourceLoudness, gain: audio?.gain)
    }

    private static func makeEncoder(_ request: ShortRenderRequest, graph: VideoFilterGraph, frameRate: AVRational, globalHeader: Bool) throws -> Encoder {
        try Encoder(codecName: "libx264", options: ["preset": request.preset, "crf": String(request.crf), "profile": "high"]) { context in
            context.pointee.width = graph.outputWidth
            context.pointee.height = graph.outputHeight
            context.pointee.pix_fmt = graph.outputPixelFormat
            context.pointee.time_base = graph.outputTimeBase
            context.pointee.framerate = frameRate
            context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
            context.pointee.gop_size = Int32(max(1, (2 * av_q2d(frameRate)).rounded()))
            if globalHeader { context.pointee.flags |= mw_codec_flag_global_header() }
        }
    }
}

internal import CFFmpeg

/// Decodes one audio stream and re-encodes it as AAC: libswresample converts to the output channels
/// (stereo by default) and rate, a FIFO cuts encoder-sized frames, and packets come out with timestamps in
/// `timeBase` (1/sample rate), starting where the stream starts relative to the input.
final class AudioChain {
    let decoder: Decoder
    let encoder: Encoder
    private let resampler: Resampler
    private let fifo: AudioFIFO
    private let input: InputContext
    private var nextPts: Int64 = 0
    private var started = false
    private let frameSize: Int32
    private let sampleRate: Int32
    private let packet: Packet
    private let decoded: Frame

    /// Only the samples inside the clip are encoded, their timestamps from its start.
    var clip: ClipWindow?
    /// Filters the decoded audio goes through before the resampler (loudness correction),
    /// ending in the decoder's own format so the resampler sees what it was made for.
    var filter: String?
    private var graph: AudioFilterGraph?
    private var filtered: Frame?

    var streamIndex: Int { decoder.streamIndex }
    var timeBase: AVRational { encoder.context.pointee.time_base }

    init(input: InputContext, streamIndex: Int, bitrate: Int, sampleRate: Int32, channels: Int32 = 2, globalHeader: Bool, codecName: String = "aac",
         sampleFormat: AVSampleFormat = AV_SAMPLE_FMT_FLTP) throws {
        self.input = input
        self.sampleRate = sampleRate
        decoder = try Decoder(input: input, streamIndex: streamIndex, threads: 1)
        encoder = try Encoder(codecName: codecName) { context in
            context.pointee.sample_rate = sampleRate
            context.pointee.sample_fmt = sampleFormat
            av_channel_layout_default(&context.pointee.ch_layout, channels)
            context.pointee.bit_rate = Int64(bitrate)
            context.pointee.time_base = AVRational(num: 1, den: sampleRate)
            if globalHeader { context.pointee.flags |= mw_codec_flag_global_header() }
        }
        resampler = try Resampler(source: decoder.context, output: encoder.context)
        fifo = try AudioFIFO(format: sampleFormat, channels: channels)
        frameSize = encoder.context.pointee.frame_size > 0 ? encoder.context.pointee.frame_size : 1024
        packet = try Packet()
        decoded = try Frame()
    }

    /// Feeds one demuxed packet of this stream; `emit` gets each encoded AAC packet.
    func decode(_ demuxed: Packet, emit: (Packet) throws -> Void) throws {
        try decoder.send(demuxed)
        try drainDecoder(emit: emit)
    }

    /// Flushes decoder, resampler and encoder.
    func finish(emit: (Packet) throws -> Void) throws {
        try decoder.send(nil)
        try drainDecoder(emit: emit)
        if let graph, let filtered {
            try graph.send(nil)
            while try graph.receive(into: filtered) { try resampler.convert(filtered, into: fifo) }
        }
        try resampler.convert(nil, into: fifo)
        try encodeFIFO(flush: true, emit: emit)
        try encoder.send(nil)
        try drainEncoder(emit: emit)
    }

    private func drainDecoder(emit: (Packet) throws -> Void) throws {
        while try decoder.receive(into: decoded) {
            defer { decoded.unreference() }
            if !started {
                started = true
                let pts = decoded.pointer.pointee.best_effort_timestamp
                if pts != mw_av_nopts_value() {
                    let stream = input.stream(streamIndex)
                    let offset = Double(pts) * av_q2d(stream.pointee.time_base) - input.startSeconds
                    nextPts = max(0, Int64((offset * Double(sampleRate)).rounded()))
                }
            }
            try convert(decoded)
            try encodeFIFO(flush: false, emit: emit)
        }
    }

    private func encodeFIFO(flush: Bool, emit: (Packet) throws -> Void) throws {
        let first = clip.map { Int64(($0.start * Double(sampleRate)).rounded()) } ?? 0
        let last = clip?.end.map { Int64(($0 * Double(sampleRate)).rounded()) }
        if nextPts < first, fifo.count > 0 {
            let dropped = Int32(min(Int64(fifo.count), first - nextPts))
            try fifo.drain(dropped)
            nextPts += Int64(dropped)
        }
        while fifo.count >= frameSize || (flush && fifo.count > 0) {
            if nextPts < first { return }
            var count = min(frameSize, fifo.count)
            if let last {
                if nextPts >= last {
                    try fifo.drain(fifo.count)
                    return
                }
                count = Int32(min(Int64(count), last - nextPts))
            }
            let frame = try fifo.read(count: count, sampleRate: sampleRate)
            frame.pointer.pointee.pts = nextPts - first
            nextPts += Int64(frame.pointer.pointee.nb_samples)
            try encoder.send(frame)
            try drainEncoder(emit: emit)
        }
    }

    private func drainEncoder(emit: (Packet) throws -> Void) throws {
        while try encoder.receive(into: packet) {
            try emit(packet)
            packet.unreference()
        }
    }

    /// A decoded frame into the FIFO, through `filter` when there is one.
    private func convert(_ frame: Frame) throws {
        guard let filter, !filter.isEmpty else {
            try resampler.convert(frame, into: fifo)
            return
        }
        if graph == nil {
            let format = String(ffmpeg: av_get_sample_fmt_name(AVSampleFormat(rawValue: frame.pointer.pointee.format))) ?? "fltp"
            graph = try AudioFilterGraph(
                "\(filter),aformat=sample_fmts=\(format):sample_rates=\(frame.pointer.pointee.sample_rate)", like: frame,
                timeBase: input.stream(streamIndex).pointee.time_base)
            filtered = try Frame()
        }
        try graph!.send(frame)
        while try graph!.receive(into: filtered!) { try resampler.convert(filtered!, into: fifo) }
    }
}

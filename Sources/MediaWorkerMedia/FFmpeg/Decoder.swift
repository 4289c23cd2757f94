internal import CFFmpeg

/// Owns an opened decoder for one stream of an input.
final class Decoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    let streamIndex: Int
    let name: String

    /// Opens the decoder for `streamIndex`. `threads` 0 lets FFmpeg pick one per core.
    init(input: InputContext, streamIndex: Int, threads: Int32 = 0) throws {
        let stream = input.stream(streamIndex)
        let parameters = stream.pointee.codecpar!
        self.streamIndex = streamIndex
        name = input.name
        let codecName = String(cString: avcodec_get_name(parameters.pointee.codec_id))
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw MediaError(.unsupportedCodec, "\(input.name): stream \(streamIndex) uses '\(codecName)', which this FFmpeg cannot decode", path: input.name)
        }
        guard let context = avcodec_alloc_context3(codec) else { throw ffAllocationFailed("avcodec_alloc_context3") }
        self.context = context
        try ffCheck(avcodec_parameters_to_context(context, parameters), "avcodec_parameters_to_context")
        context.pointee.pkt_timebase = stream.pointee.time_base
        context.pointee.thread_count = threads
        context.pointee.thread_type = mw_ff_thread_frame() | mw_ff_thread_slice()
        if parameters.pointee.codec_type == AVMEDIA_TYPE_VIDEO {
            context.pointee.framerate = av_guess_frame_rate(input.pointer, stream, nil)
        }
        let result = avcodec_open2(context, codec, nil)
        if result < 0 {
            throw MediaError(.unsupportedCodec, "\(input.name): the '\(codecName)' decoder for stream \(streamIndex) could not be opened", path: input.name,
                cause: FFmpegError(function: "avcodec_open2", cause: result))
        }
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&context)
    }

    /// Sends a packet, or `nil` to flush. A packet the decoder rejects as damaged data is
    /// skipped, as ffmpeg does; a file with no decodable frame at all fails later.
    func send(_ packet: Packet?) throws {
        let result = avcodec_send_packet(context, packet?.pointer)
        if result >= 0 || result == mw_averror_eof() || result == mw_averror_invaliddata() || result == mw_averror(5) { return }
        throw MediaError(.decodeFailed, "decoding \(name) failed", path: name, cause: FFmpegError(function: "avcodec_send_packet", cause: result))
    }

    /// Receives the next decoded frame; `false` when the decoder needs more input or is drained.
    func receive(into frame: Frame) throws -> Bool {
        let result = avcodec_receive_frame(context, frame.pointer)
        if result == mw_averror_eagain() || result == mw_averror_eof() { return false }
        if result == mw_averror_invaliddata() { return false }
        if result < 0 {
            throw MediaError(.decodeFailed, "decoding \(name) failed", path: name, cause: FFmpegError(function: "avcodec_receive_frame", cause: result))
        }
        return true
    }

    /// Drops buffered frames, after a seek.
    func flushBuffers() { avcodec_flush_buffers(context) }
}

internal import CFFmpeg

/// Owns an output `AVFormatContext` writing one file.
final class OutputContext {
    let pointer: UnsafeMutablePointer<AVFormatContext>
    let path: String
    private var opened = false
    private var finished = false

    init(path: String, format: String) throws {
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        try ffCheck(avformat_alloc_output_context2(&context, nil, format, path), "avformat_alloc_output_context2")
        guard let context else { throw ffAllocationFailed("avformat_alloc_output_context2") }
        pointer = context
        self.path = path
    }

    deinit {
        if opened { avio_closep(&pointer.pointee.pb) }
        avformat_free_context(pointer)
    }

    /// Adds a stream carrying `encoder`'s output.
    /// A stream for `encoder`'s packets, tagged with `language` (ISO 639-2) when given.
    func addStream(for encoder: Encoder, language: String? = nil) throws -> UnsafeMutablePointer<AVStream> {
        guard let stream = avformat_new_stream(pointer, nil) else { throw ffAllocationFailed("avformat_new_stream") }
        try ffCheck(avcodec_parameters_from_context(stream.pointee.codecpar, encoder.context), "avcodec_parameters_from_context")
        stream.pointee.time_base = encoder.context.pointee.time_base
        if let language { av_dict_set(&stream.pointee.metadata, "language", language, 0) }
        return stream
    }

    /// Whether this container wants codec headers out of band (MP4 does).
    var wantsGlobalHeader: Bool { pointer.pointee.oformat.pointee.flags & mw_avfmt_globalheader() != 0 }

    /// Opens the file and writes the header with `options` (`movflags=+faststart`).
    func writeHeader(options: [String: String] = [:]) throws {
        if pointer.pointee.oformat.pointee.flags & mw_avfmt_nofile() == 0 {
            let result = avio_open(&pointer.pointee.pb, path, mw_avio_flag_write())
            if result < 0 {
                throw MediaError(.io, "cannot create \(path)", path: path, cause: FFmpegError(function: "avio_open", cause: result))
            }
            opened = true
        }
        var result: Int32 = 0
        FFDictionary.withOptions(options) { result = avformat_write_header(pointer, $0) }
        if result < 0 {
            throw MediaError(.encodeFailed, "writing the header of \(path) failed", path: path, cause: FFmpegError(function: "avformat_write_header", cause: result))
        }
    }

    /// Writes a packet whose timestamps are in `timeBase`, interleaving as needed. Takes the
    /// packet's data.
    func write(_ packet: Packet, stream: Int32, timeBase: AVRational) throws {
        packet.pointer.pointee.stream_index = stream
        av_packet_rescale_ts(packet.pointer, timeBase, pointer.pointee.streams[Int(stream)]!.pointee.time_base)
        let result = av_interleaved_write_frame(pointer, packet.pointer)
        if result < 0 {
            throw MediaError(.io, "writing \(path) failed", path: path, cause: FFmpegError(function: "av_interleaved_write_frame", cause: result))
        }
    }

    /// Writes the trailer (and, with faststart, moves the index to the front) and closes the file.
    func finish() throws {
        guard !finished else { return }
        finished = true
        let result = av_write_trailer(pointer)
        if opened {
            avio_closep(&pointer.pointee.pb)
            opened = false
        }
        if result < 0 {
            throw MediaError(.io, "finishing \(path) failed", path: path, cause: FFmpegError(function: "av_write_trailer", cause: result))
        }
    }
}

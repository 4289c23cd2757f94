internal import CFFmpeg

/// Owns an opened encoder.
final class Encoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    let codecName: String

    /// Finds `codecName`, lets `configure` set the context, then opens it with `options`.
    init(codecName: String, options: [String: String] = [:], configure: (UnsafeMutablePointer<AVCodecContext>) throws -> Void) throws {
        self.codecName = codecName
        guard let codec = avcodec_find_encoder_by_name(codecName) else {
            throw MediaError(.unsupportedCodec, "the '\(codecName)' encoder is not in this FFmpeg build; install Debian's libavcodec59 with its codecs")
        }
        guard let context = avcodec_alloc_context3(codec) else { throw ffAllocationFailed("avcodec_alloc_context3") }
        self.context = context
        try configure(context)
        var result: Int32 = 0
        FFDictionary.withOptions(options) { result = avcodec_open2(context, codec, $0) }
        if result < 0 {
            throw MediaError(.encodeFailed, "the '\(codecName)' encoder rejected its settings", cause: FFmpegError(function: "avcodec_open2", cause: result))
        }
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&context)
    }

    /// Sends a frame, or `nil` to flush.
    func send(_ frame: Frame?) throws {
        let result = avcodec_send_frame(context, frame?.pointer)
        if result < 0 && result != mw_averror_eof() {
            throw MediaError(.encodeFailed, "the '\(codecName)' encoder failed", cause: FFmpegError(function: "avcodec_send_frame", cause: result))
        }
    }

    /// Receives the next packet; `false` when the encoder needs more input or is drained.
    func receive(into packet: Packet) throws -> Bool {
        let result = avcodec_receive_packet(context, packet.pointer)
        if result == mw_averror_eagain() || result == mw_averror_eof() { return false }
        if result < 0 {
            throw MediaError(.encodeFailed, "the '\(codecName)' encoder failed", cause: FFmpegError(function: "avcodec_receive_packet", cause: result))
        }
        return true
    }
}

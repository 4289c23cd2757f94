internal import CFFmpeg

/// Owns one libavfilter graph for video: `buffer` → the filters of a description
/// (`"scale=640:360,format=yuv420p"`, `"bwdif=mode=send_frame"`) → `buffersink`, built for
/// one input geometry and format. Frames in with `send`, frames out with `receive`; `send(nil)`
/// ends the stream so filters that hold frames back (bwdif needs the next one) flush them.
final class VideoFilterGraph {
    /// What the graph's `buffer` source is told about the frames it will get.
    struct Input: Equatable {
        var width: Int32
        var height: Int32
        var pixelFormat: AVPixelFormat
        /// The frames' timestamp unit.
        var timeBase: AVRational
        /// 0/1 (unknown) is passed as 1:1.
        var sampleAspectRatio: AVRational
        /// The nominal frame rate, when known (some filters use it; 0/1 when not).
        var frameRate: AVRational

        init(width: Int32, height: Int32, pixelFormat: AVPixelFormat, timeBase: AVRational,
             sampleAspectRatio: AVRational = AVRational(num: 1, den: 1), frameRate: AVRational = AVRational(num: 0, den: 1)) {
            self.width = width
            self.height = height
            self.pixelFormat = pixelFormat
            self.timeBase = timeBase
            self.sampleAspectRatio = sampleAspectRatio
            self.frameRate = frameRate
        }

        /// The geometry, format and time base of a frame with `timeBase`.
        init(frame: Frame, timeBase: AVRational, frameRate: AVRational = AVRational(num: 0, den: 1)) {
            self.init(width: frame.width, height: frame.height, pixelFormat: frame.pixelFormat, timeBase: timeBase,
                      sampleAspectRatio: frame.pointer.pointee.sample_aspect_ratio, frameRate: frameRate)
        }

        static func == (a: Input, b: Input) -> Bool {
            a.width == b.width && a.height == b.height && a.pixelFormat == b.pixelFormat
                && av_cmp_q(a.timeBase, b.timeBase) == 0 && av_cmp_q(a.sampleAspectRatio, b.sampleAspectRatio) == 0
                && av_cmp_q(a.frameRate, b.frameRate) == 0
        }
    }

    let description: String
    let input: Input
    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    private let source: UnsafeMutablePointer<AVFilterContext>
    private let sink: UnsafeMutablePointer<AVFilterContext>
    /// Set once `receive` has returned the last frame after `send(nil)`.
    private(set) var isFinished = false

    /// Builds and configures the graph. `threads` bounds the threads of slice-threaded filters
    /// (bwdif, scale); 0 lets libavfilter use one per core.
    init(_ description: String, input: Input, threads: Int32 = 0) throws(MediaError) {
        self.description = description
        self.input = input
        let sar = input.sampleAspectRatio.num > 0 && input.sampleAspectRatio.den > 0 ? input.sampleAspectRatio : AVRational(num: 1, den: 1)
        var arguments = "video_size=\(input.width)x\(input.height):pix_fmt=\(input.pixelFormat.rawValue)"
            + ":time_base=\(input.timeBase.num)/\(input.timeBase.den):pixel_aspect=\(sar.num)/\(sar.den)"
        if input.frameRate.num > 0 && input.frameRate.den > 0 { arguments += ":frame_rate=\(input.frameRate.num)/\(input.frameRate.den)" }
        let built = try FilterGraphBuilder.build(
            description, source: "buffer", arguments: arguments, sink: "buffersink", threads: threads,
            what: "\(input.width)×\(input.height) \(Self.formatName(input.pixelFormat)) pictures")
        graph = built.graph
        let source = built.source
        let sink = built.sink
        self.source = source
        self.sink = sink
    }

    deinit { avfilter_graph_free(&graph) }

    /// Sends a frame (its buffers are referenced, not taken: the caller's frame stays valid),
    /// or `nil` at the end of the stream.
    func send(_ frame: Frame?) throws(MediaError) {
        let result = av_buffersrc_add_frame_flags(source, frame?.pointer, frame == nil ? 0 : mw_av_buffersrc_flag_keep_ref())
        if result < 0 {
            throw MediaError(.decodeFailed, "filtering a picture through '\(description)' failed", cause: FFmpegError(function: "av_buffersrc_add_frame_flags", cause: result))
        }
    }

    /// The next filtered frame into `frame` (unreferenced first); `false` when the graph
    /// needs more input, or has given everything after `send(nil)` (then `isFinished`).
    func receive(into frame: Frame) throws(MediaError) -> Bool {
        frame.unreference()
        let result = av_buffersink_get_frame(sink, frame.pointer)
        if result == mw_averror_eagain() { return false }
        if result == mw_averror_eof() {
            isFinished = true
            return false
        }
        if result < 0 {
            throw MediaError(.decodeFailed, "filtering a picture through '\(description)' failed", cause: FFmpegError(function: "av_buffersink_get_frame", cause: result))
        }
        return true
    }

    /// The output frames' timestamp unit.
    var outputTimeBase: AVRational { av_buffersink_get_time_base(sink) }
    var outputWidth: Int32 { av_buffersink_get_w(sink) }
    var outputHeight: Int32 { av_buffersink_get_h(sink) }
    var outputPixelFormat: AVPixelFormat { AVPixelFormat(rawValue: av_buffersink_get_format(sink)) }

    private static func formatName(_ format: AVPixelFormat) -> String {
        String(ffmpeg: av_get_pix_fmt_name(format)) ?? "format \(format.rawValue)"
    }
}

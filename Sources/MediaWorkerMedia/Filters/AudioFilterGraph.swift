internal import CFFmpeg

/// Owns one libavfilter graph for audio: `abuffer` → the filters of a description
/// (`"volume=6dB,alimiter=limit=0.7"`, `"ebur128=peak=true:metadata=1"`) → `abuffersink`,
/// built for the format of the first frame it is given.
final class AudioFilterGraph {
    let description: String
    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    private let source: UnsafeMutablePointer<AVFilterContext>
    private let sink: UnsafeMutablePointer<AVFilterContext>

    /// A graph for frames shaped like `frame`, timestamps in `timeBase`.
    init(_ description: String, like frame: Frame, timeBase: AVRational) throws(MediaError) {
        self.description = description
        let pointer = frame.pointer
        var layout = [CChar](repeating: 0, count: 128)
        _ = av_channel_layout_describe(&pointer.pointee.ch_layout, &layout, layout.count)
        let format = String(ffmpeg: av_get_sample_fmt_name(AVSampleFormat(rawValue: pointer.pointee.format))) ?? "fltp"
        let layoutName = String(decoding: layout.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let arguments = "time_base=\(timeBase.num)/\(timeBase.den):sample_rate=\(pointer.pointee.sample_rate):sample_fmt=\(format):channel_layout=\(layoutName)"
        let built = try FilterGraphBuilder.build(
            description, source: "abuffer", arguments: arguments, sink: "abuffersink", threads: 1,
            what: "\(pointer.pointee.sample_rate) Hz \(layoutName) \(format) audio")
        graph = built.graph
        source = built.source
        sink = built.sink
    }

    deinit { avfilter_graph_free(&graph) }

    /// Sends a frame (referenced, the caller's stays valid), or `nil` at the end.
    func send(_ frame: Frame?) throws(MediaError) {
        let result = av_buffersrc_add_frame_flags(source, frame?.pointer, frame == nil ? 0 : mw_av_buffersrc_flag_keep_ref())
        if result < 0 {
            throw MediaError(.decodeFailed, "filtering audio through '\(description)' failed", cause: FFmpegError(function: "av_buffersrc_add_frame_flags", cause: result))
        }
    }

    /// The next filtered frame into `frame`; `false` when the graph needs more or has ended.
    func receive(into frame: Frame) throws(MediaError) -> Bool {
        frame.unreference()
        let result = av_buffersink_get_frame(sink, frame.pointer)
        if result == mw_averror_eagain() || result == mw_averror_eof() { return false }
        if result < 0 {
            throw MediaError(.decodeFailed, "filtering audio through '\(description)' failed", cause: FFmpegError(function: "av_buffersink_get_frame", cause: result))
        }
        return true
    }
}

internal import CFFmpeg

/// Builds a libavfilter graph `source` → a description's filters → `sink` and configures it;
/// shared by the video and audio graphs.
enum FilterGraphBuilder {
    struct Built {
        var graph: UnsafeMutablePointer<AVFilterGraph>
        var source: UnsafeMutablePointer<AVFilterContext>
        var sink: UnsafeMutablePointer<AVFilterContext>
    }

    /// `source` is `buffer` or `abuffer` with `arguments`, `sink` `buffersink` or `abuffersink`;
    /// `what` names the frames in errors (`320×180 yuv420p pictures`).
    static func build(_ description: String, source sourceName: String, arguments: String, sink sinkName: String, threads: Int32, what: String) throws(MediaError) -> Built {
        guard let graph = avfilter_graph_alloc() else {
            throw MediaError(.invalidArgument, "cannot allocate a filter graph for '\(description)'", cause: ffAllocationFailed("avfilter_graph_alloc"))
        }
        var graphOwner: UnsafeMutablePointer<AVFilterGraph>? = graph
        func fail(_ function: String, _ result: Int32, _ message: String) -> MediaError {
            avfilter_graph_free(&graphOwner)
            return MediaError(.invalidArgument, message, cause: FFmpegError(function: function, cause: result))
        }
        mw_avfilter_graph_set_threads(graph, max(0, threads))
        var source: UnsafeMutablePointer<AVFilterContext>?
        var result = avfilter_graph_create_filter(&source, avfilter_get_by_name(sourceName), "in", arguments, nil, graph)
        guard result >= 0, let source else { throw fail("avfilter_graph_create_filter", result, "cannot feed \(what) to a filter graph") }
        var sink: UnsafeMutablePointer<AVFilterContext>?
        result = avfilter_graph_create_filter(&sink, avfilter_get_by_name(sinkName), "out", nil, nil, graph)
        guard result >= 0, let sink else { throw fail("avfilter_graph_create_filter", result, "cannot create the filter graph's \(sinkName)") }

        // The description's unlabelled input is the source's output, its unlabelled output the
        // sink's input. avfilter_graph_parse_ptr takes both lists over (it frees what it links
        // and hands back what it did not), so only what comes back is freed here.
        var outputs = avfilter_inout_alloc()
        var inputs = avfilter_inout_alloc()
        guard let sourceLink = outputs, let sinkLink = inputs else {
            avfilter_inout_free(&outputs)
            avfilter_inout_free(&inputs)
            throw fail("avfilter_inout_alloc", mw_averror(12), "cannot allocate the filter graph's links")
        }
        sourceLink.pointee.name = av_strdup("in")
        sourceLink.pointee.filter_ctx = source
        sourceLink.pointee.pad_idx = 0
        sourceLink.pointee.next = nil
        sinkLink.pointee.name = av_strdup("out")
        sinkLink.pointee.filter_ctx = sink
        sinkLink.pointee.pad_idx = 0
        sinkLink.pointee.next = nil
        let text = description.isEmpty ? (sourceName == "abuffer" ? "anull" : "null") : description
        result = avfilter_graph_parse_ptr(graph, text, &inputs, &outputs, nil)
        avfilter_inout_free(&inputs)
        avfilter_inout_free(&outputs)
        if result < 0 { throw fail("avfilter_graph_parse_ptr", result, "the filter description '\(description)' is not valid") }
        result = avfilter_graph_config(graph, nil)
        if result < 0 { throw fail("avfilter_graph_config", result, "the filter graph '\(description)' cannot process \(what)") }
        return Built(graph: graph, source: source, sink: sink)
    }
}

internal import CFFmpeg

/// One picture through a rendition's filter chain (scale, crop, pad, format: one picture in,
/// one out), the graph built for the first picture and again when the pictures change shape.
enum FramedPicture {
    static func filter(_ source: Frame, through description: String, graph: inout VideoFilterGraph?, into output: inout Frame?) throws -> Frame {
        let wanted = VideoFilterGraph.Input(frame: source, timeBase: AVRational(num: 1, den: 90_000))
        if graph == nil || graph?.input != wanted {
            // The renditions already run in parallel: one thread per graph.
            graph = try VideoFilterGraph(description, input: wanted, threads: 1)
        }
        let frame = try output ?? Frame()
        output = frame
        try graph!.send(source)
        guard try graph!.receive(into: frame) else {
            throw MediaError(.encodeFailed, "the filter chain '\(description)' gave no picture for a \(source.width)×\(source.height) one")
        }
        return frame
    }
}

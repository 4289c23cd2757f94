internal import CFFmpeg

/// Decodes a file's video through a `VideoFilterGraph` and hands each filtered picture packed
/// (rows without padding, planes in order: FFmpeg's rawvideo layout), so a graph's result can
/// be compared byte for byte or by PSNR with what the ffmpeg CLI makes of the same file.
enum VideoFileFilter {
    struct Picture: Sendable {
        var width: Int
        var height: Int
        /// FFmpeg's name of the pixel format (`yuv420p10le`).
        var pixelFormat: String
        /// In the graph's output time base.
        var timestamp: Int64
        var bytes: [UInt8]
    }

    /// Runs every video frame of `path` through `description`, then flushes the graph.
    static func filter(_ path: String, through description: String, threads: Int32 = 0, limits: MediaLimits = MediaLimits(),
                       _ body: (Picture) throws -> Void) throws {
        try FFmpegLibraries.load()
        let input = try InputContext.open(.file(path), limits: limits)
        guard let index = input.bestStream(AVMEDIA_TYPE_VIDEO) else {
            throw MediaError(.unsupportedContent, "\(path) has no video stream", path: path)
        }
        let stream = input.stream(index)
        let decoder = try Decoder(input: input, streamIndex: index)
        var graph: VideoFilterGraph?
        let packet = try Packet()
        let decoded = try Frame()
        let filtered = try Frame()
        func pull() throws {
            guard let graph else { return }
            while try graph.receive(into: filtered) { try body(try picture(filtered)) }
        }
        func drainDecoder() throws {
            while try decoder.receive(into: decoded) {
                if graph == nil {
                    graph = try VideoFilterGraph(description, input: .init(frame: decoded, timeBase: stream.pointee.time_base,
                                                                               frameRate: stream.pointee.avg_frame_rate), threads: threads)
                }
                decoded.pointer.pointee.pts = decoded.pointer.pointee.best_effort_timestamp
                try graph!.send(decoded)
                decoded.unreference()
                try pull()
            }
        }
        while try input.read(into: packet) {
            defer { packet.unreference() }
            guard packet.streamIndex == index else { continue }
            try decoder.send(packet)
            try drainDecoder()
        }
        try decoder.send(nil)
        try drainDecoder()
        try graph?.send(nil)
        try pull()
    }

    /// A frame's planes packed with alignment 1.
    static func picture(_ frame: Frame) throws -> Picture {
        let size = av_image_get_buffer_size(frame.pixelFormat, frame.width, frame.height, 1)
        try ffCheck(size, "av_image_get_buffer_size")
        var bytes = [UInt8](repeating: 0, count: Int(size))
        let copied = bytes.withUnsafeMutableBufferPointer { buffer in
            withUnsafePointer(to: &frame.pointer.pointee.data) { data in
                withUnsafePointer(to: &frame.pointer.pointee.linesize) { linesize in
                    data.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { data in
                        linesize.withMemoryRebound(to: Int32.self, capacity: 8) { linesize in
                            av_image_copy_to_buffer(buffer.baseAddress, size, data, linesize, frame.pixelFormat, frame.width, frame.height, 1)
                        }
                    }
                }
            }
        }
        try ffCheck(copied, "av_image_copy_to_buffer")
        return Picture(width: Int(frame.width), height: Int(frame.height), pixelFormat: String(ffmpeg: av_get_pix_fmt_name(frame.pixelFormat)) ?? "",
                       timestamp: frame.pointer.pointee.pts, bytes: bytes)
    }
}

internal import CFFmpeg

/// The state of one analysis pass: the picture graph, the meters and what they measured.
struct AnalysisRun {
    private let input: InputContext
    private let stream: UnsafeMutablePointer<AVStream>
    private let description: String
    private let progress: (@Sendable (Double) -> Void)?
    private var graph: VideoFilterGraph?
    private var measurer = FrameMeasurer()
    /// Faces are searched on their own thread while decoding goes on.
    private let faces: FaceDetectionThread?
    private let filtered: Frame
    private var reported = -1
    private(set) var frames: [MeasuredFrame] = []
    private(set) var loudness = BS1770Meter()
    private(set) var speech = SpeechDetector()

    init(input: InputContext, stream: UnsafeMutablePointer<AVStream>, rotation: Int, options: AnalysisOptions, progress: (@Sendable (Double) -> Void)?) throws {
        self.input = input
        self.stream = stream
        self.progress = progress
        let rotate = [90: "transpose=clock,", 180: "hflip,vflip,", 270: "transpose=cclock,"][rotation] ?? ""
        description = "\(rotate)fps=\(options.rate),scale=\(options.width):-2:flags=area,format=gray"
        faces = try options.faceCascade.map { FaceDetectionThread(detector: FaceDetector(cascade: try HaarCascade.load(path: $0))) }
        filtered = try Frame()
    }

    /// A decoded picture into the graph; measures what comes out.
    mutating func picture(_ frame: Frame) throws {
        frame.pointer.pointee.pts = frame.pointer.pointee.best_effort_timestamp
        if graph == nil {
            graph = try VideoFilterGraph(description, input: .init(frame: frame, timeBase: stream.pointee.time_base, frameRate: stream.pointee.avg_frame_rate))
        }
        try graph!.send(frame)
        frame.unreference()
        try pull()
    }

    mutating func finishPictures() throws {
        try graph?.send(nil)
        try pull()
        guard let faces else { return }
        for (index, found) in faces.finish() where frames.indices.contains(index) { frames[index].faces = found }
    }

    private mutating func pull() throws {
        guard let graph else { return }
        while try graph.receive(into: filtered) {
            let width = Int(filtered.width)
            let height = Int(filtered.height)
            var pixels = [UInt8](repeating: 0, count: width * height)
            if let plane = filtered.plane(0) {
                let stride = filtered.linesize(0)
                pixels.withUnsafeMutableBufferPointer { buffer in
                    for y in 0..<height { (buffer.baseAddress! + y * width).update(from: plane + y * stride, count: width) }
                }
            }
            let time = Double(filtered.pointer.pointee.pts) * av_q2d(graph.outputTimeBase) - input.startSeconds
            faces?.submit(pixels, width: width, height: height, index: frames.count)
            frames.append(measurer.measure(pixels, width: width, height: height, time: max(0, time)))
            if let progress, let duration = input.durationSeconds, duration > 0 {
                let percent = min(99, Int(time / duration * 100))
                if percent > reported {
                    reported = percent
                    progress(Double(percent) / 100)
                }
            }
        }
    }

    mutating func sound(_ channels: [[Float]]) {
        guard let first = channels.first, !first.isEmpty else { return }
        loudness.add(channels)
        if channels.count == 1 {
            speech.add(first)
        } else {
            speech.add((0..<first.count).map { index in channels.reduce(0) { $0 + $1[index] } / Float(channels.count) })
        }
    }

    /// Frames whose histogram change passes `threshold` and is the largest within ±2 frames.
    func cuts(threshold: Double) -> [Double] {
        frames.indices.compactMap { index in
            let change = frames[index].change
            guard change > threshold else { return nil }
            let around = frames[max(0, index - 2)...min(frames.count - 1, index + 2)]
            return around.allSatisfy({ $0.change <= change }) ? frames[index].time : nil
        }
    }
}

internal import CFFmpeg
import Foundation

/// Takes one exact frame as a JPEG: seeks to the keyframe before the time, decodes forward
/// to the first frame at or after it, applies rotation and the display aspect, scales with
/// full-range conversion and encodes with libavcodec's mjpeg.
public struct ThumbnailExtractor: Sendable {
    public var options: ThumbnailOptions
    public var limits: MediaLimits

    public init(options: ThumbnailOptions = ThumbnailOptions(), limits: MediaLimits = MediaLimits()) {
        self.options = options
        self.limits = limits
    }

    /// Writes the thumbnail of `source` to `path`. Blocking.
    public func extract(from source: MediaSource, to path: String, cancellation: MediaCancellation? = nil) throws -> ThumbnailResult {
        try FFmpegLog.configure()
        let input = try InputContext.open(source, limits: limits, cancellation: cancellation)
        return try extract(from: input, to: path)
    }

    func extract(from input: InputContext, to path: String) throws -> ThumbnailResult {
        guard options.atSeconds >= 0, (2...31).contains(options.quality), options.maxWidth >= 2, options.maxHeight >= 2 else {
            throw MediaError(.invalidArgument, "thumbnail options out of range: time ≥ 0, quality 2–31, size ≥ 2")
        }
        guard let streamIndex = input.bestStream(AVMEDIA_TYPE_VIDEO) else {
            throw MediaError(.unsupportedContent, "\(input.name) has no video stream to take a thumbnail from", path: input.name)
        }
        let stream = input.stream(streamIndex)
        let timeBase = stream.pointee.time_base
        let (time, isFallback) = effectiveTime(input, streamIndex)
        let target = input.startSeconds + time
        let decoder = try Decoder(input: input, streamIndex: streamIndex)
        let picture = try seekAndDecode(input: input, decoder: decoder, streamIndex: streamIndex, target: target, timeBase: timeBase)
        return try writeJPEG(
            of: picture.frame, time: picture.time - input.startSeconds, isFallback: isFallback,
            geometry: MediaProber.geometry(input, stream), to: path)
    }

    /// The time to take (from the start), by the container's duration or the stream's.
    func effectiveTime(_ input: InputContext, _ streamIndex: Int) -> (seconds: Double, isFallback: Bool) {
        let stream = input.stream(streamIndex)
        let streamDuration = stream.pointee.duration == mw_av_nopts_value() ? nil : Double(stream.pointee.duration) * av_q2d(stream.pointee.time_base)
        return options.effectiveTime(duration: input.durationSeconds ?? streamDuration)
    }

    /// Rotates, scales and encodes a decoded frame and writes the JPEG (the ladder calls this
    /// with the frame its own decoding reached, so `process` decodes the source once).
    func writeJPEG(of frame: Frame, time: Double, isFallback: Bool, geometry: DisplayGeometry, to path: String) throws -> ThumbnailResult {
        let size = geometry.fittedSize(maxWidth: options.maxWidth, maxHeight: options.maxHeight)
        let jpeg = try encode(frame, geometry: geometry, width: Int32(size.width), height: Int32(size.height))
        try write(jpeg, to: path)
        let final = geometry.isSideways ? (size.height, size.width) : size
        return ThumbnailResult(path: path, time: time, isFallback: isFallback, width: final.0, height: final.1, bytes: jpeg.count)
    }

    /// Seeks to a keyframe before `target` and decodes forward. Demuxers that seek by
    /// estimate (MPEG-TS) can land after the target: then it seeks again, further back each time.
    private func seekAndDecode(input: InputContext, decoder: Decoder, streamIndex: Int, target: Double, timeBase: AVRational) throws -> (frame: Frame, time: Double) {
        var backoff = 0.0
        while true {
            let seekTo = max(input.startSeconds, target - backoff)
            let fromStart = seekTo <= input.startSeconds
            let timestamp = Int64(seekTo * Double(mw_av_time_base()))
            if avformat_seek_file(input.pointer, -1, Int64.min, timestamp, timestamp, 0) < 0, !fromStart {
                _ = avformat_seek_file(input.pointer, -1, Int64.min, 0, 0, 0)
            }
            decoder.flushBuffers()
            let result = try decodeFrame(input: input, decoder: decoder, streamIndex: streamIndex, target: target, timeBase: timeBase)
            if !result.landedLate || fromStart { return (result.frame, result.time) }
            backoff = backoff == 0 ? 1 : backoff * 2
        }
    }

    /// Decodes forward to the first frame at or after `target` seconds (or the last frame).
    /// `landedLate` says the first frame decoded was already past the target.
    private func decodeFrame(input: InputContext, decoder: Decoder, streamIndex: Int, target: Double, timeBase: AVRational) throws -> (frame: Frame, time: Double, landedLate: Bool) {
        let packet = try Packet()
        var frame = try Frame()
        var last: (Frame, Double)?
        var draining = false
        while true {
            try input.interrupt.check(input.name)
            if !draining {
                if try input.read(into: packet) {
                    defer { packet.unreference() }
                    guard packet.streamIndex == streamIndex else { continue }
                    // Frames no other frame refers to and shown before the target cannot be
                    // the answer and cannot change it: skip decoding them.
                    let pts = packet.pointer.pointee.pts
                    let early = pts != mw_av_nopts_value() && Double(pts) * av_q2d(timeBase) < target - 0.0005
                    decoder.context.pointee.skip_frame = early ? AVDISCARD_NONREF : AVDISCARD_DEFAULT
                    try decoder.send(packet)
                } else {
                    try decoder.send(nil)
                    draining = true
                }
            }
            var received = false
            while try decoder.receive(into: frame) {
                received = true
                let pts = frame.pointer.pointee.best_effort_timestamp
                let seconds = pts == mw_av_nopts_value() ? (last?.1 ?? 0) : Double(pts) * av_q2d(timeBase)
                if seconds >= target - 0.0005 { return (frame, seconds, last == nil && seconds > target + 0.0005) }
                last = (frame, seconds)
                frame = try Frame()
            }
            if draining && !received {
                if let last { return (last.0, last.1, false) }
                throw MediaError(.decodeFailed, "\(input.name): no video frame could be decoded; the file may be damaged", path: input.name)
            }
        }
    }

    private func encode(_ frame: Frame, geometry: DisplayGeometry, width: Int32, height: Int32) throws -> [UInt8] {
        let picture = try JPEGPicture.upright(frame, geometry: geometry, width: width, height: height)
        return try JPEGPicture.encode(picture, quality: options.quality)
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw MediaError(.io, "cannot write the thumbnail \(path): \(error.localizedDescription)", path: path)
        }
    }
}

internal import CFFmpeg
import Foundation

/// Where the keyframes of an MPEG-TS segment are: what an I-frame-only playlist
/// (`EXT-X-I-FRAMES-ONLY`) addresses with byte ranges.
public enum IFrameScanner {
    public struct IFrame: Sendable, Equatable {
        /// The byte range of the keyframe's TS packets (to the next video packet).
        public var offset: Int64
        public var length: Int64
        /// Seconds from the segment's first video timestamp.
        public var time: Double
    }

    /// The keyframes of the TS file at `path`, in order.
    public static func scan(_ path: String) throws -> [IFrame] {
        try FFmpegLog.configure()
        let input = try InputContext.open(.file(path), limits: MediaLimits())
        guard let video = input.bestStream(AVMEDIA_TYPE_VIDEO) else { return [] }
        let timeBase = input.stream(video).pointee.time_base
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        let packet = try Packet()
        var frames: [IFrame] = []
        var open: (offset: Int64, time: Double)?
        var first: Int64?
        while try input.read(into: packet) {
            defer { packet.unreference() }
            guard packet.streamIndex == video, packet.pointer.pointee.pos >= 0 else { continue }
            let position = packet.pointer.pointee.pos
            if let current = open {
                frames.append(IFrame(offset: current.offset, length: position - current.offset, time: current.time))
                open = nil
            }
            if packet.pointer.pointee.flags & AV_PKT_FLAG_KEY != 0 {
                let pts = packet.pointer.pointee.pts == mw_av_nopts_value() ? packet.pointer.pointee.dts : packet.pointer.pointee.pts
                if first == nil { first = pts }
                open = (position, Double(pts - (first ?? pts)) * av_q2d(timeBase))
            }
        }
        if let current = open { frames.append(IFrame(offset: current.offset, length: size - current.offset, time: current.time)) }
        return frames
    }
}

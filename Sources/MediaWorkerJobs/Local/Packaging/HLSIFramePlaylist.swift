import Foundation
import MediaWorkerMedia

/// An I-frame-only playlist (`EXT-X-I-FRAMES-ONLY`, version 5) over a TS variant's segments:
/// each keyframe a byte range of its segment, after an `EXT-X-MAP` of the segment's bytes
/// before its first video packet (PAT and PMT).
struct HLSIFramePlaylist {
    struct Frame {
        var file: String
        var offset: Int64
        var length: Int64
        /// Seconds from the start of the rendition.
        var time: Double
        /// The segment's header bytes (`EXT-X-MAP` length from 0).
        var header: Int64
    }

    var frames: [Frame]
    var totalDuration: Double

    /// Scans the TS segments of `index` in `folder`.
    init(index: SegmentIndex, folder: String) throws {
        var frames: [Frame] = []
        var start = 0.0
        for segment in index.segments {
            let scanned = try IFrameScanner.scan((folder as NSString).appendingPathComponent(segment.file))
            let header = scanned.first?.offset ?? 0
            frames += scanned.map { Frame(file: segment.file, offset: $0.offset, length: $0.length, time: start + $0.time, header: header) }
            start += segment.duration
        }
        self.frames = frames
        totalDuration = start
    }

    private var durations: [Double] {
        frames.indices.map { index in (index + 1 < frames.count ? frames[index + 1].time : totalDuration) - frames[index].time }
    }

    /// The highest bits per second of any I-frame over its duration.
    var peakBitrate: Int {
        zip(frames, durations).map { $1 > 0 ? Int((Double($0.length) * 8 / $1).rounded(.up)) : 0 }.max() ?? 0
    }

    func render(prefix: String) -> String {
        let target = max(1, durations.map { Int($0.rounded()) }.max() ?? 1)
        var text = "#EXTM3U\n#EXT-X-VERSION:5\n#EXT-X-TARGETDURATION:\(target)\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-I-FRAMES-ONLY\n"
        var mapped: String?
        for (frame, duration) in zip(frames, durations) {
            if mapped != frame.file, frame.header > 0 {
                text += "#EXT-X-MAP:URI=\"\(prefix)\(frame.file)\",BYTERANGE=\"\(frame.header)@0\"\n"
                mapped = frame.file
            }
            text += String(format: "#EXTINF:%.5f,\n", duration) + "#EXT-X-BYTERANGE:\(frame.length)@\(frame.offset)\n" + prefix + frame.file + "\n"
        }
        return text + "#EXT-X-ENDLIST\n"
    }
}

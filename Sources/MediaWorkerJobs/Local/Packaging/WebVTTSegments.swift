import MediaWorkerCaptions

/// WebVTT segments of a subtitles rendition: every cue that overlaps a segment's window is
/// in that segment (repeated in the next when it spans the boundary, as HLS requires), each
/// segment headed by `X-TIMESTAMP-MAP` tying its times to the media's MPEG-TS clock.
enum WebVTTSegments {
    struct Segment: Equatable {
        var text: String
        var duration: Double
    }

    /// `mediaStart`: the media's first presentation time in seconds (its 90 kHz value is
    /// `MPEGTS`, `LOCAL` is zero).
    static func split(_ cues: [CaptionCue], duration: Double, segmentSeconds: Double, mediaStart: Double) -> [Segment] {
        let count = max(1, Int((duration / segmentSeconds).rounded(.up)))
        let header = "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:\(Int((mediaStart * 90_000).rounded())),LOCAL:00:00:00.000\n"
        return (0..<count).map { index in
            let start = Double(index) * segmentSeconds
            let end = index == count - 1 ? max(duration, start) : start + segmentSeconds
            let inside = cues.filter { $0.end > start && $0.start < end }
            let body = WebVTTWriter.write(inside).dropFirst("WEBVTT\n".count)
            return Segment(text: header + body, duration: end - start)
        }
    }
}

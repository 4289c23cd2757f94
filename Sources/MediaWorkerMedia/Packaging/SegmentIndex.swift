/// The segments libavformat's hls muxer wrote for one rendition, read from its playlist:
/// what a media playlist is written from.
public struct SegmentIndex: Sendable, Equatable {
    public struct ByteRange: Sendable, Equatable {
        public var length: Int64
        public var offset: Int64

        public init(length: Int64, offset: Int64) {
            self.length = length
            self.offset = offset
        }
    }

    public struct Segment: Sendable, Equatable {
        /// The file name (relative to the segment folder).
        public var file: String
        public var duration: Double
        public var byteRange: ByteRange?
        /// Bytes of the segment (its range, or its whole file).
        public var bytes: Int64

        public init(file: String, duration: Double, byteRange: ByteRange? = nil, bytes: Int64) {
            self.file = file
            self.duration = duration
            self.byteRange = byteRange
            self.bytes = bytes
        }
    }

    /// The fMP4 initialization segment (`EXT-X-MAP`).
    public var initialization: Segment?
    public var segments: [Segment]
    /// The streams the segments carry.
    public var streams: [PackagedStream]
    /// The presentation time of the first segment's first sample, in seconds (for WebVTT's
    /// `X-TIMESTAMP-MAP`).
    public var startSeconds: Double

    public init(initialization: Segment?, segments: [Segment], streams: [PackagedStream], startSeconds: Double) {
        self.initialization = initialization
        self.segments = segments
        self.streams = streams
        self.startSeconds = startSeconds
    }

    /// Every file the segments live in, once, in order.
    public var files: [String] {
        var seen = Set<String>()
        return ([initialization].compactMap { $0 } + segments).map(\.file).filter { seen.insert($0).inserted }
    }

    public var totalDuration: Double { segments.reduce(0) { $0 + $1.duration } }
    public var totalBytes: Int64 { ([initialization].compactMap { $0 } + segments).reduce(0) { $0 + $1.bytes } }

    /// The highest bits per second of any segment, with 1 % headroom: the muxer's segment
    /// durations and a player's (from the samples' timestamps) differ by a few milliseconds.
    public var peakBitrate: Int {
        segments.map { $0.duration > 0 ? Int((Double($0.bytes) * 8 / $0.duration * 1.01).rounded(.up)) : 0 }.max() ?? 0
    }

    /// Bits per second over the whole rendition.
    public var averageBitrate: Int {
        totalDuration > 0 ? Int((Double(totalBytes) * 8 / totalDuration).rounded(.up)) : 0
    }

    /// Reads the `#EXTINF`, `#EXT-X-BYTERANGE` and `#EXT-X-MAP` lines of an FFmpeg playlist;
    /// `size(file)` gives a segment file's size.
    static func parse(playlist text: String, size: (String) -> Int64) -> (initialization: Segment?, segments: [Segment]) {
        var segments: [Segment] = []
        var initialization: Segment?
        var duration: Double?
        var range: ByteRange?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = String(raw)
            if line.hasPrefix("#EXTINF:") {
                duration = Double(line.dropFirst(8).split(separator: ",").first ?? "")
            } else if line.hasPrefix("#EXT-X-BYTERANGE:") {
                range = byteRange(String(line.dropFirst(17)))
            } else if line.hasPrefix("#EXT-X-MAP:") {
                let attributes = line.dropFirst(11)
                guard let file = attribute("URI", in: attributes) else { continue }
                let mapRange = attribute("BYTERANGE", in: attributes).flatMap(byteRange)
                initialization = Segment(file: file, duration: 0, byteRange: mapRange, bytes: mapRange?.length ?? size(file))
            } else if !line.hasPrefix("#"), let value = duration {
                segments.append(Segment(file: line, duration: value, byteRange: range, bytes: range?.length ?? size(line)))
                duration = nil
                range = nil
            }
        }
        return (initialization, segments)
    }

    private static func byteRange(_ text: String) -> ByteRange? {
        let parts = text.split(separator: "@")
        guard let length = Int64(parts.first ?? "") else { return nil }
        return ByteRange(length: length, offset: parts.count > 1 ? Int64(parts[1]) ?? 0 : 0)
    }

    private static func attribute(_ name: String, in text: Substring) -> String? {
        guard let range = text.range(of: name + "=\"") else { return nil }
        let rest = text[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

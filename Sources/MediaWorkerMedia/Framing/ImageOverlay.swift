/// One of MediaConvert's `InsertableImages` (the `ImageInserter` preprocessor): a still image
/// (PNG, TGA, BMP) laid over the pictures at `x`, `y`, optionally scaled, with an opacity and
/// a window in time with fades, built with libavfilter (`movie` → `loop` → `scale` →
/// `format=rgba` → `colorchannelmixer` → `fade` on the alpha → `overlay` with `enable`).
/// Times are on the output's timeline (0 is its first picture).
public struct ImageOverlay: Sendable, Equatable, Codable {
    /// The image file, a local path.
    public var path: String
    /// The image's left and top edge in the frame it is laid over.
    public var x: Int
    public var y: Int
    /// The size the image is scaled to; `nil` keeps the image's own width or height.
    public var width: Int?
    public var height: Int?
    /// Stack order: higher layers are laid over lower ones.
    public var layer: Int
    /// 0 (transparent) … 100 (opaque).
    public var opacity: Int
    /// `HH:MM:SS:FF` (`;` for drop-frame) of the first picture it is on, counted at the
    /// output's frame rate; `nil` from the first picture.
    public var startTimecode: String?
    /// Milliseconds it stays, fade-in included, fade-out not; `nil` to the end.
    public var durationMilliseconds: Int?
    public var fadeInMilliseconds: Int
    public var fadeOutMilliseconds: Int
    /// The timecode of the output's first picture (`TimecodeConfig` SPECIFIEDSTART's `Start`):
    /// a `startTimecode` at or after it counts from it.
    public var timecodeOrigin: String?

    public init(path: String, x: Int = 0, y: Int = 0, width: Int? = nil, height: Int? = nil, layer: Int = 0, opacity: Int = 50,
                startTimecode: String? = nil, durationMilliseconds: Int? = nil, fadeInMilliseconds: Int = 0, fadeOutMilliseconds: Int = 0) {
        self.path = path
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.layer = layer
        self.opacity = opacity
        self.startTimecode = startTimecode
        self.durationMilliseconds = durationMilliseconds
        self.fadeInMilliseconds = fadeInMilliseconds
        self.fadeOutMilliseconds = fadeOutMilliseconds
    }

    /// Seconds of the window on the output's timeline: its start, the start of the fade-out,
    /// and its end (`nil`: the end of the output).
    func window(framesPerSecond: Double) throws(MediaError) -> (start: Double, fadeOut: Double?, end: Double?) {
        func seconds(_ timecode: String?) throws(MediaError) -> Double {
            guard let timecode else { return 0 }
            return try InputClip.seconds(timecode, framesPerSecond: framesPerSecond)
        }
        let written = try seconds(startTimecode)
        let origin = try seconds(timecodeOrigin)
        let start = written >= origin ? written - origin : written
        guard let duration = durationMilliseconds else { return (start, nil, nil) }
        let fadeOut = start + Double(duration) / 1000
        return (start, fadeOut, fadeOut + Double(fadeOutMilliseconds) / 1000)
    }

    /// The filter description that lays `overlays` (in layer order) over the pictures coming
    /// from the preceding filter, for pictures whose timestamps count output slots at `rate`
    /// (`30000/1001`). It begins with `null` ending the preceding chain at a label, and ends
    /// with the last `overlay` filter, so the chain continues after it with `,`. `label` keeps
    /// the pad names apart when the graph holds two such chains.
    public static func chain(_ overlays: [ImageOverlay], rate: (num: Int32, den: Int32), label: String) throws(MediaError) -> String {
        let framesPerSecond = Double(rate.num) / Double(rate.den)
        var parts: [String] = []
        var main = "null"
        for (index, overlay) in overlays.sorted(by: { $0.layer < $1.layer }).enumerated() {
            let below = "\(label)\(index)"
            let image = "\(label)img\(index)"
            parts.append("\(main)[\(below)]")
            parts.append("movie=filename=\(TimecodeBurnin.escape(overlay.path)),\(try overlay.imageFilters(rate: rate, framesPerSecond: framesPerSecond))[\(image)]")
            main = "[\(below)][\(image)]\(try overlay.overlayFilter(framesPerSecond: framesPerSecond))"
        }
        parts.append(main)
        return parts.joined(separator: ";")
    }

    /// The image as a stream at the output's rate (one decoded picture repeated), scaled,
    /// its alpha scaled by the opacity and faded.
    func imageFilters(rate: (num: Int32, den: Int32), framesPerSecond: Double) throws(MediaError) -> String {
        var filters = ["loop=loop=-1:size=1", "settb=expr=1/90000", "setpts=N*\(rate.den)/\(rate.num)/TB"]
        if width != nil || height != nil { filters.append("scale=w=\(width.map(String.init) ?? "iw"):h=\(height.map(String.init) ?? "ih")") }
        filters.append("format=rgba")
        let alpha = Double(min(100, max(0, opacity))) / 100
        if alpha < 1 { filters.append("colorchannelmixer=aa=\(alpha)") }
        let window = try window(framesPerSecond: framesPerSecond)
        if fadeInMilliseconds > 0 { filters.append("fade=t=in:st=\(window.start):d=\(Double(fadeInMilliseconds) / 1000):alpha=1") }
        if let fadeOut = window.fadeOut, fadeOutMilliseconds > 0 { filters.append("fade=t=out:st=\(fadeOut):d=\(Double(fadeOutMilliseconds) / 1000):alpha=1") }
        return filters.joined(separator: ",")
    }

    /// `overlay` at the position, on from the window's start to its end.
    func overlayFilter(framesPerSecond: Double) throws(MediaError) -> String {
        let window = try window(framesPerSecond: framesPerSecond)
        var filter = "overlay=x=\(x):y=\(y):format=auto:eof_action=repeat"
        // Half a picture of margin so a picture on a window's edge is decided by its slot.
        let margin = 0.5 / framesPerSecond
        if let end = window.end {
            filter += ":enable='between(t,\(window.start - margin),\(end - margin))'"
        } else if window.start > 0 {
            filter += ":enable='gte(t,\(window.start - margin))'"
        }
        return filter
    }
}

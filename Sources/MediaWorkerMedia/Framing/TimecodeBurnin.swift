/// MediaConvert's `TimecodeBurnin` preprocessor: the output's timecode drawn on every picture
/// with libavfilter's `drawtext` (white monospace on a black box), counting output frames from
/// `startTimecode`.
public struct TimecodeBurnin: Sendable, Equatable, Codable {
    /// Pixels: 10, 16, 32 or 48.
    public var fontSize: Int
    /// `TOP_CENTER`, `BOTTOM_LEFT`, ... (`MIDDLE_CENTER` and the others).
    public var position: String
    /// Text before the timecode.
    public var prefix: String?
    /// `HH:MM:SS:FF` of the first output frame.
    public var startTimecode: String
    /// The TrueType font (Debian's fonts-dejavu-core).
    public var fontFile: String
    /// `DropFrameTimecode` (ENABLED by default): at 29.97 and 59.94 fps the timecode counts
    /// drop-frame (`;` before the frames); at other rates it cannot, and counts every frame.
    public var dropFrame: Bool = true

    public init(fontSize: Int = 32, position: String = "TOP_CENTER", prefix: String? = nil, startTimecode: String = "00:00:00:00",
                fontFile: String = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf") {
        self.fontSize = fontSize
        self.position = position
        self.prefix = prefix
        self.startTimecode = startTimecode
        self.fontFile = fontFile
    }

    /// The drawtext filter at `rate` (`25/1`).
    public func filter(rate: String) -> String {
        let x: String
        let y: String
        if position.hasSuffix("LEFT") { x = "10" } else if position.hasSuffix("RIGHT") { x = "w-tw-10" } else { x = "(w-tw)/2" }
        if position.hasPrefix("TOP") { y = "10" } else if position.hasPrefix("BOTTOM") { y = "h-th-10" } else { y = "(h-th)/2" }
        var options = [
            "fontfile=\(Self.escape(fontFile))", timecodeOption(dropFrame: false), "rate=\(rate)", "fontsize=\(fontSize)",
            "fontcolor=white", "box=1", "boxcolor=black", "boxborderw=4", "x=\(x)", "y=\(y)",
        ]
        if let prefix, !prefix.isEmpty { options.append("text=\(Self.escape(prefix))") }
        return "drawtext=" + options.joined(separator: ":")
    }

    /// drawtext's `timecode` option: the start with `:` before the frames, or `;` (drawtext then
    /// counts drop-frame).
    func timecodeOption(dropFrame: Bool) -> String {
        var start = startTimecode.replacingOccurrences(of: ";", with: ":")
        if dropFrame, let last = start.lastIndex(of: ":") { start.replaceSubrange(last...last, with: ";") }
        return "timecode=" + Self.escape(start)
    }

    /// Whether the timecode counts drop-frame at `rate`: 30000/1001 and 60000/1001 only.
    public func countsDropFrame(rate: (num: Int32, den: Int32)) -> Bool {
        dropFrame && rate.den == 1001 && (rate.num == 30000 || rate.num == 60000)
    }

    /// A value quoted for a filter description: quoted for the graph, `:` escaped for the
    /// filter's own options; quotes and backslashes are left out.
    static func escape(_ value: String) -> String {
        "'" + value.filter { $0 != "'" && $0 != "\\" }.replacingOccurrences(of: ":", with: "\\:") + "'"
    }
}

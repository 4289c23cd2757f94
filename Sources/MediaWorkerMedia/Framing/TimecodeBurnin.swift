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
            "fontfile=\(Self.escape(fontFile))", "timecode=\(Self.escape(startTimecode))", "rate=\(rate)", "fontsize=\(fontSize)",
            "fontcolor=white", "box=1", "boxcolor=black", "boxborderw=4", "x=\(x)", "y=\(y)",
        ]
        if let prefix, !prefix.isEmpty { options.append("text=\(Self.escape(prefix))") }
        return "drawtext=" + options.joined(separator: ":")
    }

    /// A value quoted for a filter description: quoted for the graph, `:` escaped for the
    /// filter's own options; quotes and backslashes are left out.
    static func escape(_ value: String) -> String {
        "'" + value.filter { $0 != "'" && $0 != "\\" }.replacingOccurrences(of: ":", with: "\\:") + "'"
    }
}

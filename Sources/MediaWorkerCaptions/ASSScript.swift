/// The parts of an Advanced SubStation Alpha script that libass reads, shared by every
/// writer of one (burned-in template captions, phone subtitles of shorts): the header at the
/// output's own resolution (so sizes and positions are output pixels), one style line per
/// style, and dialogue lines with `H:MM:SS.cc` times.
public enum ASSScript {
    /// `[Script Info]`, `[V4+ Styles]` with `styles` (each the values after `Style: `), and the
    /// `[Events]` format line; dialogue lines follow.
    public static func header(width: Int, height: Int, styles: [String]) -> String {
        """
        [Script Info]
        ScriptType: v4.00+
        PlayResX: \(width)
        PlayResY: \(height)
        WrapStyle: 0
        ScaledBorderAndShadow: yes

        [V4+ Styles]
        Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
        \(styles.map { "Style: " + $0 }.joined(separator: "\n"))

        [Events]
        Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text

        """
    }

    /// One `Dialogue:` line (with its newline); `text` is already ASS (override tags, `\N`).
    public static func dialogue(start: Double, end: Double, style: String, text: String) -> String {
        "Dialogue: 0,\(time(start)),\(time(end)),\(style),,0,0,0,,\(text)\n"
    }

    /// `H:MM:SS.cc`.
    public static func time(_ seconds: Double) -> String {
        let centis = Int((max(0, seconds) * 100).rounded())
        let (h, rest) = centis.quotientAndRemainder(dividingBy: 360_000)
        let (m, rest2) = rest.quotientAndRemainder(dividingBy: 6000)
        let (s, c) = rest2.quotientAndRemainder(dividingBy: 100)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(h):\(two(m)):\(two(s)).\(two(c))"
    }
}

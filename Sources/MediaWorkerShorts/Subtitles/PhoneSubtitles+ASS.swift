import Foundation
public import MediaWorkerCaptions

extension PhoneSubtitles {
    /// An ASS script of `cues` (already laid out) for a `width`×`height` output, positioned by
    /// `style`: bottom-centred, lifted by the bottom margin and kept inside the left and right
    /// margins, white on a translucent box with an outline, in DejaVu Sans (Debian's
    /// fonts-dejavu-core). The current phrase is not highlighted yet (`HighlightCurrentPhrase`).
    public static func ass(_ cues: [CaptionCue], style: SubtitleStyle, width: Int, height: Int) -> String {
        let size = Int((Double(style.fontSize) * Double(height) / 1920).rounded())
        let marginV = Int((style.bottomMargin * Double(height)).rounded())
        let marginL = Int((style.leftMargin * Double(width)).rounded())
        let marginR = Int((style.rightMargin * Double(width)).rounded())
        var text = """
            [Script Info]
            ScriptType: v4.00+
            PlayResX: \(width)
            PlayResY: \(height)
            WrapStyle: 0
            ScaledBorderAndShadow: yes

            [V4+ Styles]
            Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
            Style: Phone,DejaVu Sans,\(size),&H00FFFFFF,&H0000FFFF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,\(max(2, size / 16)),1,2,\(marginL),\(marginR),\(marginV),1

            [Events]
            Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text

            """
        for cue in cues {
            let line = cue.text.replacingOccurrences(of: "{", with: "(").replacingOccurrences(of: "}", with: ")").replacingOccurrences(of: "\n", with: "\\N")
            text += "Dialogue: 0,\(time(cue.start)),\(time(cue.end)),Phone,,0,0,0,,\(line)\n"
        }
        return text
    }

    /// `H:MM:SS.cc`.
    static func time(_ seconds: Double) -> String {
        let centis = Int((max(0, seconds) * 100).rounded())
        let (h, rest) = centis.quotientAndRemainder(dividingBy: 360_000)
        let (m, rest2) = rest.quotientAndRemainder(dividingBy: 6000)
        let (s, c) = rest2.quotientAndRemainder(dividingBy: 100)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(h):\(two(m)):\(two(s)).\(two(c))"
    }
}

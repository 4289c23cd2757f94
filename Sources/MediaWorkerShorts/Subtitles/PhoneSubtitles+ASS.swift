import Foundation
public import MediaWorkerCaptions

extension PhoneSubtitles {
    /// An ASS script of `cues` (already laid out) for a `width`×`height` output, positioned by
    /// `style`: bottom-centred, lifted by the bottom margin and kept inside the left and right
    /// margins, white on a translucent box with an outline, in DejaVu Sans (Debian's
    /// fonts-dejavu-core). With `highlightCurrentPhrase`, each subtitle is one dialogue line per
    /// word, in turn, the whole text with that word in `highlightColour` (``PhraseHighlight``).
    public static func ass(_ cues: [CaptionCue], style: SubtitleStyle, width: Int, height: Int) -> String {
        let size = Int((Double(style.fontSize) * Double(height) / 1920).rounded())
        let marginV = Int((style.bottomMargin * Double(height)).rounded())
        let marginL = Int((style.leftMargin * Double(width)).rounded())
        let marginR = Int((style.rightMargin * Double(width)).rounded())
        var text = ASSScript.header(width: width, height: height, styles: [
            "Phone,DejaVu Sans,\(size),&H00FFFFFF,&H0000FFFF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,\(max(2, size / 16)),1,2,\(marginL),\(marginR),\(marginV),1",
        ])
        let colour = style.highlightCurrentPhrase ? style.assHighlightColour : nil
        for cue in cues {
            guard let colour else {
                text += ASSScript.dialogue(start: cue.start, end: cue.end, style: "Phone", text: escaped(plain(cue.text)))
                continue
            }
            for slot in PhraseHighlight.words(of: cue) {
                var rendered: [String] = []
                for (lineIndex, line) in slot.lines.enumerated() {
                    rendered.append(line.enumerated().map { index, word in
                        lineIndex == slot.line && index == slot.offset ? "{\\1c\(colour)}\(escaped(word)){\\r}" : escaped(word)
                    }.joined(separator: " "))
                }
                text += ASSScript.dialogue(start: slot.start, end: slot.end, style: "Phone", text: rendered.joined(separator: "\\N"))
            }
        }
        return text
    }

    /// Text as ASS: braces (override blocks) made parentheses, line breaks `\N`.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "{", with: "(").replacingOccurrences(of: "}", with: ")").replacingOccurrences(of: "\n", with: "\\N")
    }
}

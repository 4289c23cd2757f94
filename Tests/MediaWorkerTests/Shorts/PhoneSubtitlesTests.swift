import MediaWorkerCaptions
import MediaWorkerShorts
import Testing

@Suite("Shorts subtitles for phones")
struct PhoneSubtitlesTests {
    @Test("long cues are wrapped to the line length and split into subtitles of at most two lines, in the short's time")
    func layout() {
        let cues = [
            CaptionCue(start: 98, end: 101, text: "<i>Before</i> the short."),
            CaptionCue(start: 101, end: 107, text: "This is a rather long caption that certainly does not fit on a phone in one or two lines of text."),
            CaptionCue(start: 130, end: 132, text: "After it."),
        ]
        let style = SubtitleStyle(maximumLineLength: 20, maximumLines: 2)
        let laid = PhoneSubtitles.layout(cues, from: 100, to: 120, style: style)
        #expect(laid.first?.text == "Before the short.")
        #expect(laid.first?.start == 0 && laid.first?.end == 1)
        #expect(laid.count >= 4)
        for cue in laid {
            let lines = cue.text.split(separator: "\n")
            #expect(lines.count <= 2)
            #expect(lines.allSatisfy { $0.count <= 20 }, "\(lines)")
            #expect(cue.end > cue.start && cue.start >= 0 && cue.end <= 20)
        }
        let split = laid.dropFirst()
        #expect(split.first?.start == 1 && split.last?.end == 7)
        for (a, b) in zip(split, split.dropFirst()) { #expect(abs(a.end - b.start) < 1e-9) }
        #expect(split.map(\.text).joined(separator: " ").replacingOccurrences(of: "\n", with: " ")
            == "This is a rather long caption that certainly does not fit on a phone in one or two lines of text.")
    }

    @Test("HighlightCurrentPhrase: one dialogue line per word, that word in the highlight colour, times shared by characters")
    func highlight() throws {
        let cue = CaptionCue(start: 1, end: 3.2, text: "Hi there\neveryone")
        let off = PhoneSubtitles.ass([cue], style: SubtitleStyle(), width: 1080, height: 1920)
        let plainLines = off.split(separator: "\n").filter { $0.hasPrefix("Dialogue:") }
        #expect(plainLines == ["Dialogue: 0,0:00:01.00,0:00:03.20,Phone,,0,0,0,,Hi there\\Neveryone"])

        let on = PhoneSubtitles.ass([cue], style: SubtitleStyle(highlightCurrentPhrase: true, highlightColour: "#FFD400"), width: 1080, height: 1920)
        let lines = on.split(separator: "\n").filter { $0.hasPrefix("Dialogue:") }.map(String.init)
        // 2 + 5 + 8 = 15 characters over 2.2 s: "Hi" 1.00–1.29, "there" 1.29–2.03, "everyone" 2.03–3.20.
        #expect(lines == [
            "Dialogue: 0,0:00:01.00,0:00:01.29,Phone,,0,0,0,,{\\1c&H00D4FF&}Hi{\\r} there\\Neveryone",
            "Dialogue: 0,0:00:01.29,0:00:02.03,Phone,,0,0,0,,Hi {\\1c&H00D4FF&}there{\\r}\\Neveryone",
            "Dialogue: 0,0:00:02.03,0:00:03.20,Phone,,0,0,0,,Hi there\\N{\\1c&H00D4FF&}everyone{\\r}",
        ], "\(lines)")
        let words = PhraseHighlight.words(of: cue)
        #expect(words.map(\.word) == ["Hi", "there", "everyone"])
        #expect(abs(words[1].start - (1 + 2.2 * 2 / 15)) < 1e-9 && abs(words[1].end - (1 + 2.2 * 7 / 15)) < 1e-9)
        #expect(words.first?.start == 1 && words.last?.end == 3.2)
        for (a, b) in zip(words, words.dropFirst()) { #expect(a.end == b.start) }
        // The base colour stays white in the style; the highlight is only in the override.
        #expect(on.contains("Phone,DejaVu Sans,54,&H00FFFFFF,"))
    }
}

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

    @Test("cue timestamps: a word after one starts then, the words between share that stretch by characters, a later subtitle starts at its first word")
    func spokenWordTimes() throws {
        // 101–105 s of the programme; the short starts at 100 s.
        let cue = CaptionCue(start: 101, end: 105, text: "So<00:01:41.500><c> this</c><00:01:41.900> is<00:01:43.000><c> timed</c>")
        let laid = PhoneSubtitles.layout([cue], from: 100, to: 120, style: SubtitleStyle())
        #expect(laid == [CaptionCue(start: 1, end: 5, text: "So <00:00:01.500>this <00:00:01.900>is <00:00:03.000>timed")], "\(laid)")
        let words = PhraseHighlight.words(of: try #require(laid.first))
        #expect(words.map(\.word) == ["So", "this", "is", "timed"])
        #expect(words.map(\.start) == [1, 1.5, 1.9, 3] && words.last?.end == 5, "\(words.map(\.start))")
        // Without a time for "this", "So this" shares 1.0–1.9 by characters (2 and 4 of 6).
        let untimed = PhraseHighlight.words(of: CaptionCue(start: 1, end: 5, text: "So this <00:00:01.900>is <00:00:09.000>timed"))
        #expect(abs(untimed[1].start - (1 + 0.9 * 2 / 6)) < 1e-9 && untimed[2].start == 1.9)
        #expect(abs(untimed[3].start - (1.9 + (5 - 1.9) * 2 / 7)) < 1e-9, "a time after the cue's end is not used")
        // Drawn without the highlight, no tag reaches the picture.
        let ass = PhoneSubtitles.ass(laid, style: SubtitleStyle(), width: 1080, height: 1920)
        #expect(ass.contains(",,So this is timed") && !ass.contains("<00"), "\(ass)")

        // Two subtitles of one cue: the second starts when "three" is spoken, not after its share.
        let paged = PhoneSubtitles.layout(
            [CaptionCue(start: 101, end: 105, text: "one two <00:01:43.000>three four")], from: 100, to: 120,
            style: SubtitleStyle(maximumLineLength: 10, maximumLines: 1))
        #expect(paged.map(\.start) == [1, 3] && paged.map(\.end) == [3, 5], "\(paged)")
        let shared = PhoneSubtitles.layout(
            [CaptionCue(start: 101, end: 105, text: "one two three four")], from: 100, to: 120, style: SubtitleStyle(maximumLineLength: 10, maximumLines: 1))
        #expect(abs(shared[1].start - (1 + 4.0 * 7 / 17)) < 1e-9, "by characters without a time: \(shared)")
    }
}

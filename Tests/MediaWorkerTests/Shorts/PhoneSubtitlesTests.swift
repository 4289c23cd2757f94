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
}

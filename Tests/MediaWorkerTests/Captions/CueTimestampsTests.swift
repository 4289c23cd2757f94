import MediaWorkerCaptions
import Testing

/// WebVTT cue timestamps (`<00:00:01.500>`): read, kept by the writer, moved with their cue.
@Suite("WebVTT cue timestamps")
struct CueTimestampsTests {
    @Test("only WebVTT's (hh:)mm:ss.ttt forms are timestamps")
    func forms() {
        #expect(CueTimestamps.seconds("00:01.500") == 1.5)
        #expect(CueTimestamps.seconds("00:01:41.500") == 101.5)
        #expect(CueTimestamps.seconds("100:00:00.000") == 360_000)
        for text in ["1.5", "0:01.500", "00:01.5", "00:61.000", "00:01,500", "b", "c.loud", "00:1:01.500"] {
            #expect(CueTimestamps.seconds(text) == nil, "\(text)")
        }
    }

    @Test("words: markup and override blocks dropped, each word after a timestamp given its time, lines counted without empty ones")
    func words() {
        let words = CueTimestamps.words("{\\an8}So<00:00:01.319><c> this</c>\n\n<i>is</i><00:00:01.620> <c.loud>it</c>")
        #expect(words == [
            TimedWord(text: "So", start: nil, line: 0), TimedWord(text: "this", start: 1.319, line: 0),
            TimedWord(text: "is", start: nil, line: 1), TimedWord(text: "it", start: 1.62, line: 1),
        ])
        // A time inside a word starts the next word.
        #expect(CueTimestamps.words("ab<00:00:02.000>cd").map(\.start) == [nil, 2])
    }

    @Test("the WebVTT writer keeps timestamps and escapes look-alikes; a TimeDelta moves them, never below zero")
    func writerAndShift() {
        let cue = CaptionCue(start: 1, end: 3, text: "So<00:00:01.500><c> this</c> <1.5> is")
        let vtt = WebVTTWriter.write([cue])
        #expect(vtt.contains("So<00:00:01.500><c> this</c> &lt;1.5&gt; is"), "\(vtt)")
        #expect(CueTimestamps.shifted("a<00:00:01.500>b<00:01.000>c", by: 2) == "a<00:00:03.500>b<00:00:03.000>c")
        #expect(CueTimestamps.shifted("a<00:00:01.500>b", by: -5) == "a<00:00:00.000>b")
        #expect(CueTimestamps.shifted("a<1.5>b", by: 2) == "a<1.5>b")
    }
}

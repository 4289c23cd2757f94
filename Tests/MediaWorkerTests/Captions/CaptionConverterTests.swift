import Foundation
import MediaWorkerCaptions
import Testing

@Suite("Captions to WebVTT")
struct CaptionConverterTests {
    static let expected = """
        WEBVTT

        00:00:01.000 --> 00:00:04.000
        Hello, <i>world</i>

        00:00:05.500 --> 00:00:07.250
        Second line one
        Second line two

        """

    @Test("SRT: numbered cues, comma milliseconds, CRLF line endings")
    func srt() throws {
        let srt = "1\r\n00:00:01,000 --> 00:00:04,000\r\nHello, <i>world</i>\r\n\r\n2\r\n00:00:05,500 --> 00:00:07,250\r\nSecond line one\r\nSecond line two\r\n"
        let result = try CaptionConverter.convert(Array(srt.utf8), fileName: "clip.srt")
        #expect(result.webVTT == Self.expected.replacingOccurrences(of: "\n\n00:00:01", with: "\n\n1\n00:00:01").replacingOccurrences(of: "\n\n00:00:05", with: "\n\n2\n00:00:05"))
        #expect(result.sourceFormat == .srt)
        #expect(result.cueCount == 2)
    }

    @Test("Absurd timestamps (found by FuzzCaptions) are malformed input, not a crash")
    func absurdTimes() {
        let inputs: [(String, String)] = [
            ("1\n4444444444444444444444444444:00:01,000 --> 00:00:02,500\nHello\n", "clip.srt"),
            ("WEBVTT\n\n999999:00:01.000 --> 999999:00:02.000\nHello\n", "clip.vtt"),
            (#"<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="1e300s" end="1e301s">Hi</p></div></body></tt>"#, "clip.ttml"),
        ]
        for (text, name) in inputs {
            #expect(throws: CaptionError.self, "\(name)") { try CaptionConverter.convert(Array(text.utf8), fileName: name) }
        }
    }

    @Test("SBV (YouTube)")
    func sbv() throws {
        let sbv = "0:00:01.000,0:00:04.000\nHello, <i>world</i>\n\n0:00:05.500,0:00:07.250\nSecond line one\nSecond line two\n"
        #expect(try CaptionConverter.convert(Array(sbv.utf8), fileName: "clip.sbv").webVTT == Self.expected)
    }

    @Test("WebVTT is normalized: hours added, NOTE and STYLE dropped, settings and identifiers kept")
    func webvtt() throws {
        let vtt = "WEBVTT - title\n\nNOTE a comment\n\nSTYLE\n::cue { color: red }\n\nintro\n00:01.000 --> 00:04.000 align:start line:0\nHello\n\n00:05.500 --> 00:07.250\nBye\n"
        let result = try CaptionConverter.convert(Array(vtt.utf8), fileName: "clip.vtt")
        #expect(result.webVTT == "WEBVTT\n\nintro\n00:00:01.000 --> 00:00:04.000 align:start line:0\nHello\n\n00:00:05.500 --> 00:00:07.250\nBye\n")
    }

    @Test("TTML/DFXP with libxml2: clock, frame and offset times, <br/>, spans, a div offset")
    func ttml() throws {
        let ttml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" ttp:frameRate="25" ttp:tickRate="10000000">
              <body><div>
                <p begin="00:00:01.000" end="00:00:04.000">Hello, <span tts:fontStyle="italic" xmlns:tts="http://www.w3.org/ns/ttml#styling">world</span></p>
                <p begin="00:00:05:12" end="72500000t">Second line one<br/>Second line two</p>
              </div>
              <div begin="10s"><p begin="1s" dur="500ms">Offset</p></div></body>
            </tt>
            """
        let result = try CaptionConverter.convert(Array(ttml.utf8), fileName: "clip.dfxp")
        #expect(result.webVTT == "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello, world\n\n00:00:05.480 --> 00:00:07.250\nSecond line one\nSecond line two\n\n00:00:11.000 --> 00:00:11.500\nOffset\n")
    }

    @Test("text encodings: UTF-16 LE and BE with BOM, UTF-8 with BOM, Latin-1 fallback")
    func encodings() throws {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nCafé déjà vu\n"
        var le: [UInt8] = [0xFF, 0xFE]
        var be: [UInt8] = [0xFE, 0xFF]
        for unit in srt.utf16 {
            le += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            be += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        let latin1 = srt.unicodeScalars.map { UInt8($0.value) }
        for (bytes, encoding) in [(le, "UTF-16LE"), (be, "UTF-16BE"), ([0xEF, 0xBB, 0xBF] + Array(srt.utf8), "UTF-8"), (latin1, "ISO-8859-1")] {
            let result = try CaptionConverter.convert(bytes, fileName: "a.srt")
            #expect(result.encoding.rawValue == encoding)
            #expect(result.webVTT.contains("Café déjà vu"), "\(encoding)")
        }
    }

    @Test("overlaps are trimmed, same-start cues merged, zero-length cues given time, empty cues dropped")
    func normalization() throws {
        let srt = """
            1
            00:00:01,000 --> 00:00:05,000
            First

            2
            00:00:03,000 --> 00:00:06,000
            Overlapping

            3
            00:00:03,000 --> 00:00:04,000
            Same start

            4
            00:00:08,000 --> 00:00:08,000
            Zero length

            5
            00:00:09,000 --> 00:00:09,500
               

            """
        let result = try CaptionConverter.convert(Array(srt.utf8), fileName: "a.srt")
        #expect(result.webVTT == "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nFirst\n\n2\n00:00:03.000 --> 00:00:06.000\nOverlapping\nSame start\n\n4\n00:00:08.000 --> 00:00:10.000\nZero length\n")
        #expect(result.fixes.trimmedOverlaps == 1 && result.fixes.mergedSameStart == 1 && result.fixes.extendedZeroLength == 1)
    }

    @Test("markup: allowed tags kept, stray < & > escaped, SSA overrides dropped, --> cannot break a cue")
    func escaping() throws {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<b>Bold</b> a < b && c > d --> e &amp; <font color=\"red\">x</font>\n"
        let result = try CaptionConverter.convert(Array(srt.utf8), fileName: "a.srt")
        #expect(result.webVTT.hasSuffix("<b>Bold</b> a &lt; b &amp;&amp; c &gt; d --&gt; e &amp; &lt;font color=\"red\"&gt;x&lt;/font&gt;\n"))
    }

    @Test("malformed files give the line number", arguments: [
        ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:03,000 -> 00:00:04,000\nbroken\n", 6),
        ("a.srt", "1\n00:00:01,000 --> 00:00:99,000\nbad seconds\n", 2),
        ("a.sbv", "0:00:01.000,0:00:02.000\nok\n\nnot a timing\ntext\n", 4),
        ("a.vtt", "WEBVTTX\n\n00:01.000 --> 00:02.000\nx\n", 1),
        ("a.ttml", "<tt xmlns=\"http://www.w3.org/ns/ttml\"><body>\n<div>\n<p begin=\"1s\" end=\"2s\">ok</p>\n<p begin=\"soon\" end=\"2s\">x</p></div></body></tt>", 4),
        ("a.ttml", "<tt><body>\n<div>\n<p begin=\"1s\" end=\"2s\">unclosed\n</div></body></tt>", 4),
    ])
    func malformed(_ name: String, _ text: String, _ line: Int) {
        let error = #expect(throws: CaptionError.self) { try CaptionConverter.convert(Array(text.utf8), fileName: name) }
        #expect(error?.code == .malformed)
        #expect(error?.line == line, "\(name): \(String(describing: error))")
        #expect(error?.description.hasPrefix("line \(line): ") == true)
    }

    @Test("empty and unknown inputs")
    func emptyAndUnknown() {
        #expect((#expect(throws: CaptionError.self) { try CaptionConverter.convert([], fileName: "a.srt") })?.code == .empty)
        #expect((#expect(throws: CaptionError.self) { try CaptionConverter.convert(Array("hello".utf8), fileName: "a.txt") })?.code == .unsupportedFormat)
        #expect(CaptionFormat.sniff("WEBVTT\n") == .webvtt)
        #expect(CaptionFormat.sniff("1\n00:00:01,000 --> 00:00:02,000\n") == .srt)
    }
}

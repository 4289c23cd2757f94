/// Converts SRT, SBV, WebVTT and TTML/DFXP captions to normalized WebVTT.
public enum CaptionConverter {
    /// The result of one conversion.
    public struct Conversion: Sendable, Equatable {
        public var webVTT: String
        public var sourceFormat: CaptionFormat
        public var encoding: CaptionTextDecoder.Encoding
        public var cueCount: Int
        public var fixes: CaptionNormalizer.Fixes
        /// The cues written, normalized (what an HLS subtitles rendition is segmented from).
        public var cues: [CaptionCue] = []
    }

    /// Converts `bytes`; `fileName`'s extension picks the format, or the content when the
    /// extension says nothing.
    public static func convert(_ bytes: [UInt8], fileName: String) throws(CaptionError) -> Conversion {
        let (cues, format, encoding, fixes) = try read(bytes, fileName: fileName)
        return Conversion(webVTT: WebVTTWriter.write(cues), sourceFormat: format, encoding: encoding, cueCount: cues.count, fixes: fixes, cues: cues)
    }

    /// The normalized cues of `bytes` (as `convert` reads them), for what works on cues.
    public static func cues(_ bytes: [UInt8], fileName: String) throws(CaptionError) -> [CaptionCue] {
        try read(bytes, fileName: fileName).cues
    }

    private static func read(_ bytes: [UInt8], fileName: String) throws(CaptionError)
        -> (cues: [CaptionCue], format: CaptionFormat, encoding: CaptionTextDecoder.Encoding, fixes: CaptionNormalizer.Fixes)
    {
        let (text, encoding) = CaptionTextDecoder.decode(bytes)
        guard !text.allSatisfy(\.isWhitespace) else {
            throw CaptionError(.empty, "\(fileName) is empty")
        }
        guard let format = CaptionFormat(fileName: fileName) ?? CaptionFormat.sniff(Substring(text)) else {
            throw CaptionError(.unsupportedFormat, "\(fileName) is not SRT, SBV, WebVTT or TTML")
        }
        let parsed: [CaptionCue]
        switch format {
        case .srt: parsed = try SubRipParser.parse(text)
        case .sbv: parsed = try SubViewerParser.parse(text)
        case .webvtt: parsed = try WebVTTParser.parse(text)
        case .ttml: parsed = try TTMLParser.parse(bytes)
        }
        let (cues, fixes) = CaptionNormalizer.normalize(parsed)
        guard !cues.isEmpty else { throw CaptionError(.empty, "\(fileName) has no captions with text") }
        return (cues, format, encoding, fixes)
    }
}

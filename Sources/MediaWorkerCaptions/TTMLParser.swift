import MediaWorkerXML

/// TTML and DFXP (`.ttml`, `.dfxp`, `.xml`), read with libxml2: every `<p>` with timing
/// becomes a cue; `<br/>` breaks lines; `begin` on enclosing `<body>`/`<div>` offsets the times.
enum TTMLParser {
    struct TimingContext {
        var frameRate: Double = 30
        var tickRate: Double = 1
    }

    static func parse(_ bytes: [UInt8]) throws(CaptionError) -> [CaptionCue] {
        let root: XMLTree
        do {
            root = try XMLTree.parse(bytes)
        } catch {
            throw CaptionError(.malformed, "the TTML is not well-formed XML: \(error.message)", line: error.line > 0 ? error.line : nil)
        }
        guard root.name == "tt" else {
            throw CaptionError(.malformed, "a TTML document's root element must be <tt>, found <\(root.name)>", line: root.line)
        }
        var context = TimingContext()
        if let rate = root.attributes["frameRate"].flatMap(Double.init) {
            context.frameRate = rate
            if let multiplier = root.attributes["frameRateMultiplier"]?.split(separator: " ").compactMap({ Double($0) }), multiplier.count == 2, multiplier[1] > 0 {
                context.frameRate = rate * multiplier[0] / multiplier[1]
            }
        }
        if let ticks = root.attributes["tickRate"].flatMap(Double.init), ticks > 0 {
            context.tickRate = ticks
        } else if root.attributes["frameRate"] != nil {
            context.tickRate = context.frameRate
        }
        guard let body = root.element(named: "body") else {
            throw CaptionError(.empty, "the TTML document has no <body>", line: root.line)
        }
        var cues: [CaptionCue] = []
        try collect(body, offset: 0, context: context, into: &cues)
        return cues
    }

    private static func collect(_ element: XMLTree, offset: Double, context: TimingContext, into cues: inout [CaptionCue]) throws(CaptionError) {
        var offset = offset
        if element.name != "p", let begin = element.attributes["begin"] {
            offset += try time(begin, context: context, line: element.line)
        }
        for child in element.elements {
            if child.name == "p" {
                guard let beginText = child.attributes["begin"] else {
                    throw CaptionError(.malformed, "a <p> has no 'begin' time", line: child.line)
                }
                let start = offset + (try time(beginText, context: context, line: child.line))
                let end: Double
                if let endText = child.attributes["end"] {
                    end = offset + (try time(endText, context: context, line: child.line))
                } else if let duration = child.attributes["dur"] {
                    end = start + (try time(duration, context: context, line: child.line))
                } else {
                    throw CaptionError(.malformed, "a <p> has neither 'end' nor 'dur'", line: child.line)
                }
                cues.append(CaptionCue(start: start, end: end, text: text(of: child)))
            } else {
                try collect(child, offset: offset, context: context, into: &cues)
            }
        }
    }

    /// Text with `<br/>` as line breaks and runs of whitespace collapsed, as TTML renders it.
    static func text(of element: XMLTree) -> String {
        var result = ""
        func walk(_ element: XMLTree) {
            for node in element.children {
                switch node {
                case .text(let text):
                    let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    if text.first?.isWhitespace == true, !result.isEmpty, result.last != "\n", result.last != " " { result += " " }
                    result += collapsed
                    if text.last?.isWhitespace == true, !collapsed.isEmpty { result += " " }
                case .element(let child):
                    if child.name == "br" {
                        while result.last == " " { result.removeLast() }
                        result += "\n"
                    } else {
                        walk(child)
                    }
                }
            }
        }
        walk(element)
        return result.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingWhitespace }.joined(separator: "\n")
    }

    /// TTML time expressions: clock time (`00:00:01.500`, `00:00:01:12` with frames) and
    /// offset time (`1.5s`, `1500ms`, `2m`, `1h`, `36f`, `900t`).
    static func time(_ text: String, context: TimingContext, line: Int) throws(CaptionError) -> Double {
        let seconds = try expression(text, context: context, line: line)
        guard seconds.isFinite, seconds >= 0, seconds <= CaptionTime.maximumSeconds else {
            throw CaptionError(.malformed, "'\(text)' is out of range: caption times run from 0 to \(Int(CaptionTime.maximumSeconds) / 3600) hours", line: line)
        }
        return seconds
    }

    private static func expression(_ text: String, context: TimingContext, line: Int) throws(CaptionError) -> Double {
        let value = Substring(text).trimmingWhitespace
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 4, let hours = Double(parts[0]), let minutes = Double(parts[1]), let seconds = Double(parts[2]), let frames = Double(parts[3]) {
            return hours * 3600 + minutes * 60 + seconds + frames / context.frameRate
        }
        if parts.count == 3, let clock = CaptionTime.parseClock(value) { return clock }
        let units: [(String, Double)] = [("ms", 0.001), ("h", 3600), ("m", 60), ("s", 1), ("f", 1 / context.frameRate), ("t", 1 / context.tickRate)]
        for (unit, scale) in units where value.hasSuffix(unit) {
            if let number = Double(value.dropLast(unit.count)), number >= 0 { return number * scale }
        }
        throw CaptionError(.malformed, "'\(text)' is not a TTML time expression (such as '00:00:01.500' or '1.5s')", line: line)
    }
}

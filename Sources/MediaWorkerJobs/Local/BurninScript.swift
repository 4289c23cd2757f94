import MediaWorkerCaptions

/// The ASS script of a `BURN_IN` caption destination: the cues styled from
/// `BurninDestinationSettings`, for a `width`×`height` output (the script's own resolution,
/// so sizes and positions are output pixels). DejaVu Sans (DejaVu Sans Mono with
/// `TeletextSpacing: FIXED_GRID`), white with a black outline unless the settings say
/// otherwise, bottom-centred 5 % above the bottom edge unless `XPosition`/`YPosition` place it.
struct BurninScript {
    var settings: TemplateCaptionBurnin
    var width: Int
    var height: Int

    /// MediaConvert's automatic size: a twentieth of the height.
    var fontSize: Int { settings.fontSize.flatMap { $0 > 0 ? $0 : nil } ?? max(8, height / 20) }
    var marginV: Int { Int((Double(height) * 0.05).rounded()) }
    var marginL: Int { Int((Double(width) * 0.05).rounded()) }
    var fontName: String { settings.teletextSpacing == "FIXED_GRID" ? "DejaVu Sans Mono" : "DejaVu Sans" }
    var hasBox: Bool {
        guard let color = settings.backgroundColor, color != "NONE" else { return false }
        return (settings.backgroundOpacity ?? 255) > 0
    }
    var hasShadow: Bool {
        guard let color = settings.shadowColor, color != "NONE" else { return false }
        return (settings.shadowOpacity ?? 255) > 0 && (settings.shadowXOffset ?? 0, settings.shadowYOffset ?? 0) != (0, 0)
    }

    func script(_ cues: [CaptionCue]) -> String {
        let primary = Self.colour(settings.fontColor == "HEX" ? settings.hexFontColor ?? "FFFFFF" : Self.rgb(settings.fontColor, default: "FFFFFF"), opacity: settings.fontOpacity ?? 255)
        let outline = hasBox
            ? Self.colour(Self.rgb(settings.backgroundColor, default: "000000"), opacity: settings.backgroundOpacity ?? 255)
            : Self.colour(Self.rgb(settings.outlineColor, default: "000000"), opacity: settings.fontOpacity ?? 255)
        let back = Self.colour(Self.rgb(settings.shadowColor, default: "000000"), opacity: settings.shadowOpacity ?? 255)
        let outlineSize = hasBox ? max(2, settings.outlineSize ?? 2) : settings.outlineSize ?? 2
        let shadow = hasShadow ? max(abs(settings.shadowXOffset ?? 0), abs(settings.shadowYOffset ?? 0)) : 0
        let alignment = settings.alignment == "LEFT" ? 1 : 2
        var text = ASSScript.header(width: width, height: height, styles: [
            "Burnin,\(fontName),\(fontSize),\(primary),\(primary),\(outline),\(back),0,0,0,0,100,100,0,0,\(hasBox ? 3 : 1),\(outlineSize),\(shadow),\(alignment),\(marginL),\(marginL),\(marginV),1",
        ])
        let overrides = positionOverride + shadowOverride
        for cue in cues where cue.end > cue.start {
            text += ASSScript.dialogue(start: cue.start, end: cue.end, style: "Burnin", text: (overrides.isEmpty ? "" : "{\(overrides)}") + Self.text(cue.text))
        }
        return text
    }

    /// `\an`/`\pos` for `XPosition`/`YPosition` (the caption's left or centre, and top edge).
    var positionOverride: String {
        switch (settings.xPosition, settings.yPosition) {
        case let (x?, y?): return "\\an7\\pos(\(x),\(y))"
        case let (nil, y?): return settings.alignment == "LEFT" ? "\\an7\\pos(\(marginL),\(y))" : "\\an8\\pos(\(width / 2),\(y))"
        case let (x?, nil): return "\\an1\\pos(\(x),\(height - marginV))"
        case (nil, nil): return ""
        }
    }

    var shadowOverride: String {
        guard hasShadow else { return "" }
        return "\\xshad\(settings.shadowXOffset ?? 0)\\yshad\(settings.shadowYOffset ?? 0)"
    }

    /// `RRGGBB` of a MediaConvert colour name.
    static func rgb(_ name: String?, default fallback: String) -> String {
        switch name {
        case "WHITE": return "FFFFFF"
        case "BLACK": return "000000"
        case "YELLOW": return "FFFF00"
        case "RED": return "FF0000"
        case "GREEN": return "00FF00"
        case "BLUE": return "0000FF"
        default: return fallback
        }
    }

    /// ASS's `&HAABBGGRR` (alpha 00 is opaque) of `RRGGBB` at `opacity` 0…255.
    static func colour(_ rgb: String, opacity: Int) -> String {
        let hex = rgb.uppercased().filter(\.isHexDigit)
        let value = hex.count == 6 ? hex : "FFFFFF"
        let chars = Array(value)
        let alpha = String(255 - min(255, max(0, opacity)), radix: 16, uppercase: true)
        return "&H" + (alpha.count == 1 ? "0" + alpha : alpha) + String(chars[4...5]) + String(chars[2...3]) + String(chars[0...1])
    }

    /// The cue's text in ASS: WebVTT's `<i>`, `<b>`, `<u>` as override tags, other markup dropped.
    static func text(_ value: String) -> String {
        var text = value.replacingOccurrences(of: "{", with: "(").replacingOccurrences(of: "}", with: ")")
        for (tag, ass) in [("i", "i"), ("b", "b"), ("u", "u")] {
            text = text.replacingOccurrences(of: "<\(tag)>", with: "{\\\(ass)1}").replacingOccurrences(of: "</\(tag)>", with: "{\\\(ass)0}")
        }
        text = text.replacingOccurrences(of: #"<[^>]*>"#, with: "", options: .regularExpression)
        return text.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "\\N")
    }
}

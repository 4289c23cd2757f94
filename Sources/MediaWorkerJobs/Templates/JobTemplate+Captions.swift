import MediaWorkerJSON

/// Reading an output's `CaptionDescriptions[]` entries that burn captions in (`BURN_IN`).
extension JobTemplate {
    static let burninColors = ["WHITE", "BLACK", "YELLOW", "RED", "GREEN", "BLUE", "HEX", "AUTO"]
    static let burninBackgroundColors = ["NONE", "BLACK", "WHITE", "AUTO"]

    /// The first `BURN_IN` entry of `CaptionDescriptions` (checked), if any.
    static func readCaptionBurnin(_ entries: [JSONValue], at path: String, _ reader: inout TemplateReader) -> TemplateCaptionBurnin? {
        var found: TemplateCaptionBurnin?
        for (index, entry) in entries.enumerated() {
            let entryPath = "\(path).CaptionDescriptions[\(index)]"
            guard entry.members != nil, let destination = reader.object(entry, "DestinationSettings", at: entryPath),
                reader.string(destination, "DestinationType", at: entryPath + ".DestinationSettings") == "BURN_IN"
            else { continue }
            var burnin = TemplateCaptionBurnin()
            burnin.selectorName = reader.string(entry, "CaptionSelectorName", at: entryPath)
            let at = entryPath + ".DestinationSettings"
            if let settings = reader.object(destination, "BurninDestinationSettings", at: at) {
                let sat = at + ".BurninDestinationSettings"
                burnin.fontSize = reader.integer(settings, "FontSize", at: sat, range: 0...96)
                burnin.fontColor = reader.string(settings, "FontColor", at: sat, allowed: burninColors)
                burnin.hexFontColor = reader.string(settings, "HexFontColor", at: sat)
                burnin.fontOpacity = reader.integer(settings, "FontOpacity", at: sat, range: 0...255)
                burnin.outlineColor = reader.string(settings, "OutlineColor", at: sat, allowed: burninColors.filter { $0 != "HEX" })
                burnin.outlineSize = reader.integer(settings, "OutlineSize", at: sat, range: 0...10)
                burnin.shadowColor = reader.string(settings, "ShadowColor", at: sat, allowed: burninBackgroundColors)
                burnin.shadowOpacity = reader.integer(settings, "ShadowOpacity", at: sat, range: 0...255)
                burnin.shadowXOffset = reader.integer(settings, "ShadowXOffset", at: sat, range: -2_147_483_648...2_147_483_647)
                burnin.shadowYOffset = reader.integer(settings, "ShadowYOffset", at: sat, range: -2_147_483_648...2_147_483_647)
                burnin.backgroundColor = reader.string(settings, "BackgroundColor", at: sat, allowed: burninBackgroundColors)
                burnin.backgroundOpacity = reader.integer(settings, "BackgroundOpacity", at: sat, range: 0...255)
                burnin.xPosition = reader.integer(settings, "XPosition", at: sat, range: 0...2_147_483_647)
                burnin.yPosition = reader.integer(settings, "YPosition", at: sat, range: 0...2_147_483_647)
                burnin.alignment = reader.string(settings, "Alignment", at: sat, allowed: ["CENTERED", "LEFT", "AUTO"])
                burnin.teletextSpacing = reader.string(settings, "TeletextSpacing", at: sat, allowed: ["FIXED_GRID", "PROPORTIONAL", "AUTO"])
                burnin.fontScript = reader.string(settings, "FontScript", at: sat, allowed: ["AUTOMATIC", "HANS", "HANT"])
            }
            if found == nil { found = burnin }
        }
        return found
    }
}

/// How burned-in subtitles look on a phone: short lines, at most two, inside a safe area clear
/// of the controls the apps draw at the bottom and right.
public struct SubtitleStyle: Sendable, Codable, Equatable {
    /// Characters per line at most. Default: 26 (at the default size, a line fits between the margins).
    public var maximumLineLength: Int
    /// Lines per subtitle at most. Default: 2.
    public var maximumLines: Int
    /// Kept clear at the bottom, as a fraction of the output's height. Default: 0.2.
    public var bottomMargin: Double
    /// Kept clear at the right, as a fraction of the output's width. Default: 0.15.
    public var rightMargin: Double
    /// Kept clear at the left, as a fraction of the output's width. Default: 0.06.
    public var leftMargin: Double
    /// The font size in pixels of a 1920-pixel-high output. Default: 54.
    public var fontSize: Int
    /// Draw the word being spoken in `highlightColour` (the rest of the line in white). Without
    /// word times, a subtitle's time is shared among its words by characters. Default: false.
    public var highlightCurrentPhrase: Bool
    /// The highlight, `#RRGGBB`. Default: `#FFD400` (a warm yellow).
    public var highlightColour: String

    public init(
        maximumLineLength: Int = 26, maximumLines: Int = 2, bottomMargin: Double = 0.2, rightMargin: Double = 0.15,
        leftMargin: Double = 0.06, fontSize: Int = 54, highlightCurrentPhrase: Bool = false, highlightColour: String = "#FFD400"
    ) {
        self.maximumLineLength = maximumLineLength
        self.maximumLines = maximumLines
        self.bottomMargin = bottomMargin
        self.rightMargin = rightMargin
        self.leftMargin = leftMargin
        self.fontSize = fontSize
        self.highlightCurrentPhrase = highlightCurrentPhrase
        self.highlightColour = highlightColour
    }

    private enum CodingKeys: String, CodingKey {
        case maximumLineLength = "MaxLineLength", maximumLines = "MaxLines", bottomMargin = "BottomMargin"
        case rightMargin = "RightMargin", leftMargin = "LeftMargin", fontSize = "FontSize", highlightCurrentPhrase = "HighlightCurrentPhrase"
        case highlightColour = "HighlightColour"
    }

    public init(from decoder: any Decoder) throws {
        let d = SubtitleStyle()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maximumLineLength = try c.decodeIfPresent(Int.self, forKey: .maximumLineLength) ?? d.maximumLineLength
        maximumLines = try c.decodeIfPresent(Int.self, forKey: .maximumLines) ?? d.maximumLines
        bottomMargin = try c.decodeIfPresent(Double.self, forKey: .bottomMargin) ?? d.bottomMargin
        rightMargin = try c.decodeIfPresent(Double.self, forKey: .rightMargin) ?? d.rightMargin
        leftMargin = try c.decodeIfPresent(Double.self, forKey: .leftMargin) ?? d.leftMargin
        fontSize = try c.decodeIfPresent(Int.self, forKey: .fontSize) ?? d.fontSize
        highlightCurrentPhrase = try c.decodeIfPresent(Bool.self, forKey: .highlightCurrentPhrase) ?? d.highlightCurrentPhrase
        highlightColour = try c.decodeIfPresent(String.self, forKey: .highlightColour) ?? d.highlightColour
    }

    var problems: [String] {
        var problems: [String] = []
        if maximumLineLength < 8 { problems.append("Subtitles.MaxLineLength is \(maximumLineLength); use 8 or more characters") }
        if maximumLines < 1 { problems.append("Subtitles.MaxLines must be 1 or more") }
        for (name, value) in [("BottomMargin", bottomMargin), ("RightMargin", rightMargin), ("LeftMargin", leftMargin)]
        where !(0..<0.5).contains(value) {
            problems.append("Subtitles.\(name) must be at least 0 and below 0.5")
        }
        if fontSize < 8 { problems.append("Subtitles.FontSize must be 8 pixels or more") }
        if assHighlightColour == nil {
            problems.append("Subtitles.HighlightColour is \"\(highlightColour)\"; use #RRGGBB, six hexadecimal digits (#FFD400)")
        }
        return problems
    }

    /// `highlightColour` as an ASS colour override value (`&HBBGGRR&`), nil when it is not `#RRGGBB`.
    var assHighlightColour: String? {
        let digits = Array(highlightColour.uppercased())
        guard digits.count == 7, digits[0] == "#", digits.dropFirst().allSatisfy(\.isHexDigit) else { return nil }
        return "&H" + String(digits[5...6] + digits[3...4] + digits[1...2]) + "&"
    }
}

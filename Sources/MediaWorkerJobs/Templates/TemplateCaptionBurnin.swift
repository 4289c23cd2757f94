/// A `CaptionDescriptions[]` entry with `DestinationType: BURN_IN`: its caption selector and
/// its `BurninDestinationSettings`, as written (MediaConvert's defaults apply when run).
public struct TemplateCaptionBurnin: Sendable, Equatable {
    /// `CaptionSelectorName`: a key of the input's `CaptionSelectors` (`nil`: the first).
    public var selectorName: String?
    /// Points at the output's size; 0 or `nil`: automatic.
    public var fontSize: Int?
    /// `WHITE`, `BLACK`, `YELLOW`, `RED`, `GREEN`, `BLUE`, `HEX` (with `hexFontColor`), `AUTO`.
    public var fontColor: String?
    /// `HexFontColor`: `RRGGBB`.
    public var hexFontColor: String?
    /// 0 (transparent) … 255 (opaque), for the text, the shadow and the background box.
    public var fontOpacity: Int?
    public var outlineColor: String?
    public var outlineSize: Int?
    public var shadowColor: String?
    public var shadowOpacity: Int?
    public var shadowXOffset: Int?
    public var shadowYOffset: Int?
    public var backgroundColor: String?
    public var backgroundOpacity: Int?
    /// The caption's left and top edge, in output pixels.
    public var xPosition: Int?
    public var yPosition: Int?
    /// `CENTERED`, `LEFT`, `AUTO`.
    public var alignment: String?
    /// `FIXED_GRID` (a monospace font), `PROPORTIONAL`, `AUTO`.
    public var teletextSpacing: String?
    /// `AUTOMATIC`, `HANS`, `HANT`.
    public var fontScript: String?

    public init() {}
}

/// One timed caption.
public struct CaptionCue: Sendable, Equatable {
    /// Seconds from the start.
    public var start: Double
    public var end: Double
    /// The caption text; lines separated by `\n`, WebVTT markup allowed (`<i>`, `<b>`, `<u>`).
    public var text: String
    /// A WebVTT cue identifier, if the source had one.
    public var identifier: String?
    /// WebVTT cue settings (`align:start line:0`), if the source had them.
    public var settings: String?

    public init(start: Double, end: Double, text: String, identifier: String? = nil, settings: String? = nil) {
        self.start = start
        self.end = end
        self.text = text
        self.identifier = identifier
        self.settings = settings
    }
}

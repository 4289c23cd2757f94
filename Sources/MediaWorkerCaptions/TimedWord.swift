/// One word of a cue's text, markup removed, with the time a WebVTT cue timestamp before it
/// gives (``CueTimestamps``).
public struct TimedWord: Sendable, Equatable {
    public var text: String
    /// Seconds on the cue's clock; `nil` when no timestamp precedes the word.
    public var start: Double?
    /// The cue line the word is on, from 0.
    public var line: Int

    public init(text: String, start: Double? = nil, line: Int = 0) {
        self.text = text
        self.start = start
        self.line = line
    }
}

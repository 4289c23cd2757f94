/// Captions burned into the pictures (MediaConvert's `BURN_IN` caption destination): an ASS
/// script, already styled, rendered by libass through libavfilter's `ass` filter. Cue times
/// are on the output's timeline.
public struct CaptionBurnin: Sendable, Equatable, Codable {
    /// The ASS script (written in the job's folder).
    public var scriptPath: String
    /// Where libass finds the fonts the script names (Debian's fonts-dejavu-core).
    public var fontsDirectory: String

    public init(scriptPath: String, fontsDirectory: String = "/usr/share/fonts/truetype/dejavu") {
        self.scriptPath = scriptPath
        self.fontsDirectory = fontsDirectory
    }

    /// The `ass` filter.
    public var filter: String {
        "ass=filename=\(TimecodeBurnin.escape(scriptPath)):fontsdir=\(TimecodeBurnin.escape(fontsDirectory))"
    }
}

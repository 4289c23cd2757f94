/// MediaConvert's `Deinterlacer` preprocessor for the local engine's deinterlacing graph.
public struct Deinterlacing: Sendable, Equatable, Codable {
    /// `Mode`.
    public enum Mode: String, Sendable, Equatable, Codable {
        /// Interlaced pictures are deinterlaced (bwdif, or libpostproc's linear blend for BLEND).
        case deinterlace = "DEINTERLACE"
        /// Telecined 29.97 is matched back to its 23.976 film frames (fieldmatch + decimate).
        case inverseTelecine = "INVERSE_TELECINE"
        /// Deinterlaced as `deinterlace` locally (no per-scene telecine detection).
        case adaptive = "ADAPTIVE"
    }

    public var mode: Mode
    /// `Algorithm` BLEND or BLEND_TICKER: field blending instead of interpolation.
    public var blend: Bool
    /// `Control` FORCE_ALL_FRAMES: every picture is processed, whatever its flags say.
    public var forceAllFrames: Bool

    public init(mode: Mode = .deinterlace, blend: Bool = false, forceAllFrames: Bool = false) {
        self.mode = mode
        self.blend = blend
        self.forceAllFrames = forceAllFrames
    }

    /// The filter chain; `interlacedStream`: the stream says it is interlaced (then every
    /// picture is deinterlaced, else only those flagged interlaced).
    func filter(interlacedStream: Bool) -> String {
        let all = forceAllFrames || interlacedStream
        switch mode {
        case .inverseTelecine:
            // ffmpeg's documented IVTC: match fields, deinterlace what stays combed, drop the duplicate.
            return "fieldmatch=order=auto:combmatch=full,bwdif=mode=send_frame:parity=auto:deint=interlaced,decimate"
        case .deinterlace, .adaptive:
            if blend { return "pp=lb" + (all ? "" : ":a") }
            return "bwdif=mode=send_frame:parity=auto:deint=\(all ? "all" : "interlaced")"
        }
    }

    /// Whether the graph runs for every picture, not only once an interlaced one arrives.
    var processesEveryPicture: Bool { forceAllFrames || mode == .inverseTelecine }
}

public import MediaWorkerMedia

/// `H265Settings`, `Av1Settings` and `Vp9Settings` onto the local encoders, after the rate
/// control, GOP and level H.264's mapping reads (the same members mean the same things).
public enum CodecMapping {
    /// The codec and its profile: H.265 `MAIN_*` → main, `MAIN10_*` → main10 (10-bit), a
    /// `_HIGH` suffix → high tier; AV1 `BitDepth` BIT_10 → 10-bit; VP9 profile 0.
    public static func apply(_ video: TemplateVideo, to base: VideoEncoding) -> VideoEncoding {
        var encoding = base
        switch video.codec {
        case "H_265":
            encoding.codec = .h265
            let profile = video.codecProfile ?? "MAIN_MAIN"
            encoding.profile = profile.hasPrefix("MAIN10") ? "main10" : "main"
            encoding.tier = profile.hasSuffix("_HIGH") ? "high" : nil
        case "AV1":
            encoding.codec = .av1
            encoding.profile = nil
            encoding.bitDepth = video.bitDepth
        case "VP9":
            encoding.codec = .vp9
            encoding.profile = nil
            encoding.level = nil
        default:
            break
        }
        return encoding
    }

    /// The codecs the local engine encodes (the others are encoded as H.264).
    public static let executedCodecs: Set<String> = ["H_264", "H_265", "AV1", "VP9"]
}

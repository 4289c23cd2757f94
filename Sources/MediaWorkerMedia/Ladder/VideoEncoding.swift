/// How one rendition's H.264 is encoded: rate control, keyframe interval, profile and level.
/// Job templates map MediaConvert's `H264Settings` onto this (see the README's mapping table).
public struct VideoEncoding: Sendable, Equatable, Codable {
    /// Rate control.
    public enum RateControl: Sendable, Equatable, Codable {
        /// x264 ABR at the rendition's `videoBitrate` (the built-in ladder).
        case average
        /// Constant bitrate: bitrate = maxrate = the rendition's `videoBitrate`.
        case constant
        /// Variable bitrate around `videoBitrate`, capped at `maxBitrate`.
        case variable(maxBitrate: Int?)
        /// Quality-defined: CRF from the quality level (1…10), capped at `maxBitrate`.
        case quality(level: Double, maxBitrate: Int)
    }

    /// Keyframe spacing.
    public enum GOP: Sendable, Equatable, Codable {
        case seconds(Double)
        case frames(Int)
    }

    public var rateControl: RateControl
    /// The VBV buffer in bits; `nil` picks the mode's default (one second of maxrate for CBR, two otherwise).
    public var bufferSize: Int?
    /// `nil` uses the ladder's keyframe interval.
    public var gop: GOP?
    /// x264 profile (`baseline`, `main`, `high`); `nil` uses the ladder's.
    public var profile: String?
    /// H.264 level (`4.1`); `nil` lets x264 choose.
    public var level: String?
    /// The codec; `nil` is H.264 (see ``VideoCodec``).
    public var codec: VideoCodec?
    /// 8 or 10; `nil` follows the profile (`main10` is 10-bit).
    public var bitDepth: Int?
    /// H.265's high tier (`MAIN_HIGH`, `MAIN10_HIGH`).
    public var tier: String?
    /// B-frames, references, slices, adaptive quantization, scene cuts, entropy coding, open GOPs.
    public var tuning: EncoderTuning?

    public init(
        rateControl: RateControl = .average, bufferSize: Int? = nil, gop: GOP? = nil, profile: String? = nil, level: String? = nil,
        codec: VideoCodec? = nil, bitDepth: Int? = nil, tier: String? = nil
    ) {
        self.codec = codec
        self.bitDepth = bitDepth
        self.tier = tier
        self.rateControl = rateControl
        self.bufferSize = bufferSize
        self.gop = gop
        self.profile = profile
        self.level = level
    }

    /// The x264 CRF for a QVBR quality level: level 7 (MediaConvert's suggestion for HD) is
    /// CRF 23 (x264's default), each level is 2 CRF steps: 37 - 2 × level, from 35 (level 1) to 17 (level 10).
    public static func crf(forQualityLevel level: Double) -> Double {
        37 - 2 * min(10, max(1, level))
    }

    /// The encoder settings: target, maximum rate and buffer in bits per second (0 when unset),
    /// and the libx264 private options.
    func x264Settings(bitrate: Int, preset: String, defaultProfile: String) -> (bitrate: Int64, maxRate: Int64, bufferSize: Int32, options: [String: String]) {
        var options = ["preset": preset, "profile": profile ?? defaultProfile]
        if let level { options["level"] = level }
        let params = tuning?.x264Params ?? []
        if !params.isEmpty { options["x264-params"] = params.joined(separator: ":") }
        switch rateControl {
        case .average:
            return (Int64(bitrate), 0, Int32(clamping: bufferSize ?? 0), options)
        case .constant:
            return (Int64(bitrate), Int64(bitrate), Int32(clamping: bufferSize ?? bitrate), options)
        case .variable(let maxBitrate):
            let maxRate = maxBitrate ?? bitrate * 3 / 2
            return (Int64(bitrate), Int64(maxRate), Int32(clamping: bufferSize ?? 2 * maxRate), options)
        case .quality(let level, let maxBitrate):
            options["crf"] = String(Self.crf(forQualityLevel: level))
            return (0, Int64(maxBitrate), Int32(clamping: bufferSize ?? 2 * maxBitrate), options)
        }
    }

    /// Frames between keyframes at `framesPerSecond`, given the ladder's default interval in seconds.
    func gopFrames(framesPerSecond: Double, defaultSeconds: Double) -> Int32 {
        switch gop {
        case .frames(let frames): return Int32(clamping: max(1, frames))
        case .seconds(let seconds): return max(1, Int32((framesPerSecond * seconds).rounded()))
        case nil: return max(1, Int32((framesPerSecond * defaultSeconds).rounded()))
        }
    }
}

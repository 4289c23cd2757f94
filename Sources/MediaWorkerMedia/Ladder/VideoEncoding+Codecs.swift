/// The encoder settings of each codec, from the same rate control as H.264's.
extension VideoEncoding {
    /// What the rendition's encoder is opened with.
    struct EncoderSettings {
        var codecName: String
        /// FFmpeg's pixel format name (`yuv420p`, `yuv420p10le`).
        var pixelFormat: String
        var bitrate: Int64
        var maxRate: Int64
        var minRate: Int64 = 0
        var bufferSize: Int32
        /// `AVCodecContext.profile` when the encoder takes it there (VP9), else `nil`.
        var profileNumber: Int32?
        var options: [String: String]
    }

    /// The codec, H.264 when unset.
    public var videoCodec: VideoCodec { codec ?? .h264 }

    /// 10 bits for MAIN10 (H.265), `BIT_10` (AV1) or a `10`-bit profile; 8 otherwise.
    public var isTenBit: Bool { bitDepth == 10 || (profile?.contains("10") ?? false) }

    /// The pixel format the encoder takes.
    public var pixelFormatName: String { isTenBit ? "yuv420p10le" : "yuv420p" }

    /// The encoder, its rate control and private options. `preset` is an x264 preset name,
    /// mapped to the other encoders' speed scales.
    func encoderSettings(bitrate: Int, preset: String, defaultProfile: String) -> EncoderSettings {
        let x264 = x264Settings(bitrate: bitrate, preset: preset, defaultProfile: defaultProfile)
        var settings = EncoderSettings(
            codecName: videoCodec.encoderName, pixelFormat: pixelFormatName, bitrate: x264.bitrate, maxRate: x264.maxRate,
            bufferSize: x264.bufferSize, options: [:])
        let qualityLevel: Double? = if case .quality(let level, _) = rateControl { level } else { nil }
        switch videoCodec {
        case .h264:
            settings.options = x264.options
        case .h265:
            // x265's CRF scale sits about 5 above x264's: QVBR level 7 is CRF 28 (x265's default).
            settings.options = ["preset": preset, "profile": isTenBit ? "main10" : "main"]
            if let qualityLevel { settings.options["crf"] = String(Self.crf(forQualityLevel: qualityLevel) + 5) }
            var params = ["log-level=error"]
            if let level { params.append("level-idc=\(level)") }
            if tier == "high" { params.append("high-tier=1") }
            params += tuning?.x265Params(preset: preset) ?? []
            settings.options["x265-params"] = params.joined(separator: ":")
        case .av1:
            // SVT-AV1 1.4 has no capped CRF: QVBR is CRF (55 - 3 × level: 7 → 34), without the cap.
            settings.options = ["preset": String(Self.svtPreset(preset))]
            if let qualityLevel {
                settings.options["crf"] = String(Int((55 - 3 * min(10, max(1, qualityLevel))).rounded()))
                settings.bitrate = 0
            }
            settings.maxRate = 0
            settings.bufferSize = 0
        case .vp9:
            // libvpx: CBR when bitrate = minrate = maxrate, constrained quality with crf + bitrate.
            settings.options = ["deadline": "good", "cpu-used": String(Self.vpxSpeed(preset)), "row-mt": "1"]
            settings.profileNumber = isTenBit ? 2 : 0
            switch rateControl {
            case .constant: settings.minRate = settings.bitrate
            case .quality(let level, let maxBitrate):
                settings.options["crf"] = String(Int((52 - 3 * min(10, max(1, level))).rounded()))
                settings.bitrate = Int64(maxBitrate)
            default: break
            }
        }
        return settings
    }

    /// x264 preset names on SVT-AV1's 0 (slowest) … 13 scale.
    static func svtPreset(_ preset: String) -> Int {
        ["ultrafast": 12, "superfast": 11, "veryfast": 10, "faster": 9, "fast": 8, "medium": 7, "slow": 5, "slower": 4, "veryslow": 2][preset] ?? 10
    }

    /// x264 preset names on libvpx's `cpu-used` 0 (slowest) … 8 scale.
    static func vpxSpeed(_ preset: String) -> Int {
        ["ultrafast": 8, "superfast": 7, "veryfast": 6, "faster": 5, "fast": 4, "medium": 3, "slow": 2, "slower": 1, "veryslow": 0][preset] ?? 6
    }
}

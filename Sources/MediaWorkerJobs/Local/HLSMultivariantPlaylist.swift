import Foundation

/// The multivariant (master) playlist of a locally written HLS group.
enum HLSMultivariantPlaylist {
    struct Variant {
        var uri: String
        /// Peak bits per second (MaxBitrate or Bitrate plus audio).
        var bandwidth: Int
        var averageBandwidth: Int?
        var width: Int
        var height: Int
        var codecs: String
        var frameRate: Double?
    }

    static func render(_ variants: [Variant]) -> String {
        var text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n"
        for variant in variants.sorted(by: { $0.bandwidth > $1.bandwidth }) {
            var attributes = ["BANDWIDTH=\(variant.bandwidth)"]
            if let average = variant.averageBandwidth { attributes.append("AVERAGE-BANDWIDTH=\(average)") }
            attributes.append("RESOLUTION=\(variant.width)x\(variant.height)")
            attributes.append("CODECS=\"\(variant.codecs)\"")
            if let rate = variant.frameRate { attributes.append("FRAME-RATE=\(String(format: "%.3f", rate))") }
            text += "#EXT-X-STREAM-INF:" + attributes.joined(separator: ",") + "\n" + variant.uri + "\n"
        }
        return text
    }

    /// RFC 6381 codec string for H.264 (`avc1.64001f`) from the probed profile and level.
    static func avcCodec(profile: String?, level: Int?) -> String {
        let profileIDC: Int
        let constraints: Int
        switch profile?.lowercased() {
        case "baseline", "constrained baseline": (profileIDC, constraints) = (66, 0xC0)
        case "main": (profileIDC, constraints) = (77, 0x40)
        default: (profileIDC, constraints) = (100, 0)
        }
        return String(format: "avc1.%02x%02x%02x", profileIDC, constraints, level ?? 40)
    }
}

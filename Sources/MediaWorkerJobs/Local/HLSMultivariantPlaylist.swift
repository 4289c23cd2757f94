import Foundation

/// The multivariant (master) playlist of a locally written HLS group: alternate audio and
/// WebVTT subtitles as `EXT-X-MEDIA` renditions, variants as `EXT-X-STREAM-INF`.
enum HLSMultivariantPlaylist {
    struct Variant {
        var uri: String
        /// Peak bits per second (its own, plus its audio group's highest).
        var bandwidth: Int
        var averageBandwidth: Int?
        /// `nil` for an audio-only variant.
        var width: Int?
        var height: Int?
        var codecs: String
        var frameRate: Double?
        var audioGroup: String? = nil
        var subtitlesGroup: String? = nil
    }

    /// An `EXT-X-MEDIA` rendition.
    struct Media {
        enum Kind: String { case audio = "AUDIO", subtitles = "SUBTITLES" }
        var kind: Kind
        var groupID: String
        var name: String
        var language: String?
        var isDefault: Bool
        var autoSelect: Bool
        var uri: String
    }

    /// An `EXT-X-I-FRAME-STREAM-INF`.
    struct IFrameVariant {
        var uri: String
        var bandwidth: Int
        var width: Int?
        var height: Int?
        var codecs: String
    }

    static func render(_ variants: [Variant], media: [Media] = [], iFrames: [IFrameVariant] = []) -> String {
        var text = "#EXTM3U\n#EXT-X-VERSION:\(media.isEmpty ? 3 : 4)\n#EXT-X-INDEPENDENT-SEGMENTS\n"
        for rendition in media {
            var attributes = ["TYPE=\(rendition.kind.rawValue)", "GROUP-ID=\"\(rendition.groupID)\"", "NAME=\"\(rendition.name)\""]
            if let language = rendition.language { attributes.append("LANGUAGE=\"\(language)\"") }
            attributes.append("DEFAULT=\(rendition.isDefault ? "YES" : "NO")")
            attributes.append("AUTOSELECT=\(rendition.autoSelect || rendition.isDefault ? "YES" : "NO")")
            if rendition.kind == .subtitles { attributes.append("FORCED=NO") }
            attributes.append("URI=\"\(rendition.uri)\"")
            text += "#EXT-X-MEDIA:" + attributes.joined(separator: ",") + "\n"
        }
        for variant in variants.sorted(by: { $0.bandwidth > $1.bandwidth }) {
            var attributes = ["BANDWIDTH=\(variant.bandwidth)"]
            if let average = variant.averageBandwidth { attributes.append("AVERAGE-BANDWIDTH=\(average)") }
            if let width = variant.width, let height = variant.height { attributes.append("RESOLUTION=\(width)x\(height)") }
            attributes.append("CODECS=\"\(variant.codecs)\"")
            if let rate = variant.frameRate { attributes.append("FRAME-RATE=\(String(format: "%.3f", rate))") }
            if let audio = variant.audioGroup { attributes.append("AUDIO=\"\(audio)\"") }
            if let subtitles = variant.subtitlesGroup { attributes.append("SUBTITLES=\"\(subtitles)\"") }
            text += "#EXT-X-STREAM-INF:" + attributes.joined(separator: ",") + "\n" + variant.uri + "\n"
        }
        for variant in iFrames.sorted(by: { $0.bandwidth > $1.bandwidth }) {
            var attributes = ["BANDWIDTH=\(variant.bandwidth)"]
            if let width = variant.width, let height = variant.height { attributes.append("RESOLUTION=\(width)x\(height)") }
            attributes += ["CODECS=\"\(variant.codecs)\"", "URI=\"\(variant.uri)\""]
            text += "#EXT-X-I-FRAME-STREAM-INF:" + attributes.joined(separator: ",") + "\n"
        }
        return text
    }
}

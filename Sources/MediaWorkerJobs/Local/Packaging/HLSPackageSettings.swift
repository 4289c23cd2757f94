import Foundation
import MediaWorkerJSON
import MediaWorkerMedia

/// The `HlsGroupSettings` members the local packager executes, read from the template's group.
struct HLSPackageSettings: Sendable {
    /// `StaticKeyProvider` AES-128 encryption.
    struct StaticKey: Sendable {
        var key: [UInt8]
        var url: String
        /// `ConstantInitializationVector`; without it, `nil`: the IV follows the segment number,
        /// as MediaConvert's does.
        var iv: [UInt8]?
        /// `InitializationVectorInManifest` INCLUDE (the default): the playlist gives the IV.
        var ivInManifest: Bool
        var keyFormat: String?
        var keyFormatVersions: String?
    }

    var segmentSeconds: Int
    var minSegmentSeconds: Int
    /// DASH's and CMAF's `FragmentLength` when shorter than `SegmentLength`: the media is cut
    /// into fragments of this length, joined into segments of at least `SegmentLength`.
    var fragmentSeconds: Int?
    /// `MinFinalSegmentLength`: a shorter last segment joins the one before.
    var minFinalSegmentSeconds: Double
    var singleFile: Bool
    /// `AudioOnlyHeader` (default INCLUDE): packed audio segments start with the ID3 timestamp tag.
    var audioOnlyHeader: Bool = true
    var subdirectoryPerStream: Bool
    var integerDurations: Bool
    var programDateTime: Bool
    var programDateTimePeriod: Int
    /// `OutputSelection` MANIFESTS_AND_SEGMENTS (default) or SEGMENTS_ONLY.
    var writeManifests: Bool
    var encryption: StaticKey?
    /// `CaptionLanguageMappings`: language code → description.
    var captionNames: [String: String]
    /// `AdditionalManifests`: more multivariant playlists (`<base><ManifestNameModifier>.m3u8`),
    /// each over the outputs whose NameModifier is in `SelectedOutputs`.
    var additionalManifests: [(modifier: String, outputs: Set<String>)]

    init(_ typed: JSONValue?) throws(MediaError) {
        let settings = typed ?? .object([])
        segmentSeconds = settings["SegmentLength"]?.intValue ?? JobTemplate.defaultHLSSegmentLength
        minSegmentSeconds = settings["MinSegmentLength"]?.intValue ?? 0
        minFinalSegmentSeconds = settings["MinFinalSegmentLength"]?.doubleValue ?? 0
        singleFile = settings["SegmentControl"]?.stringValue == "SINGLE_FILE"
        audioOnlyHeader = settings["AudioOnlyHeader"]?.stringValue != "EXCLUDE"
        subdirectoryPerStream = settings["DirectoryStructure"]?.stringValue == "SUBDIRECTORY_PER_STREAM"
        integerDurations = settings["ManifestDurationFormat"]?.stringValue == "INTEGER"
        programDateTime = settings["ProgramDateTime"]?.stringValue == "INCLUDE"
        programDateTimePeriod = max(1, settings["ProgramDateTimePeriod"]?.intValue ?? 600)
        writeManifests = settings["OutputSelection"]?.stringValue != "SEGMENTS_ONLY"
        var names: [String: String] = [:]
        for mapping in settings["CaptionLanguageMappings"]?.elements ?? [] {
            if let code = mapping["LanguageCode"]?.stringValue { names[code] = mapping["LanguageDescription"]?.stringValue ?? code }
        }
        captionNames = names
        additionalManifests = (settings["AdditionalManifests"]?.elements ?? []).compactMap { manifest in
            guard let modifier = manifest["ManifestNameModifier"]?.stringValue else { return nil }
            return (modifier, Set((manifest["SelectedOutputs"]?.elements ?? []).compactMap(\.stringValue)))
        }
        encryption = try Self.staticKey(settings["Encryption"])
    }

    private static func staticKey(_ encryption: JSONValue?) throws(MediaError) -> StaticKey? {
        guard let encryption else { return nil }
        let method = encryption["EncryptionMethod"]?.stringValue ?? "AES128"
        guard method == "AES128", let provider = encryption["StaticKeyProvider"] else {
            throw MediaError(.unsupportedContent, "HlsGroupSettings.Encryption: the local engine writes AES128 with a StaticKeyProvider only, not \(method) \(encryption["Type"]?.stringValue ?? "")")
        }
        guard let key = hexBytes(provider["StaticKeyValue"]?.stringValue), key.count == 16 else {
            throw MediaError(.unsupportedContent, "HlsGroupSettings.Encryption.StaticKeyProvider.StaticKeyValue must be 32 hexadecimal digits (a 128-bit key)")
        }
        guard let url = provider["Url"]?.stringValue, !url.isEmpty else {
            throw MediaError(.unsupportedContent, "HlsGroupSettings.Encryption.StaticKeyProvider.Url is required: the playlist's key URI")
        }
        var iv: [UInt8]?
        if let constant = encryption["ConstantInitializationVector"]?.stringValue {
            guard let bytes = hexBytes(constant), bytes.count == 16 else {
                throw MediaError(.unsupportedContent, "HlsGroupSettings.Encryption.ConstantInitializationVector must be 32 hexadecimal digits")
            }
            iv = bytes
        }
        let ivInManifest = encryption["InitializationVectorInManifest"]?.stringValue != "EXCLUDE"
        if iv != nil, !ivInManifest {
            // A player reads a key without IV as "the segment number": a constant IV left out could not be decrypted.
            throw MediaError(
                .unsupportedContent,
                "HlsGroupSettings.Encryption: a ConstantInitializationVector with InitializationVectorInManifest EXCLUDE cannot be decrypted by players (they take the segment number); remove the constant IV or set INCLUDE")
        }
        return StaticKey(
            key: key, url: url, iv: iv, ivInManifest: ivInManifest, keyFormat: provider["KeyFormat"]?.stringValue,
            keyFormatVersions: provider["KeyFormatVersions"]?.stringValue)
    }

    static func hexBytes(_ text: String?) -> [UInt8]? {
        guard var text, text.count % 2 == 0 else { return nil }
        if text.hasPrefix("0x") || text.hasPrefix("0X") { text.removeFirst(2) }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

/// The members the local engine leaves to MediaConvert for good, each with its reason (the
/// out-of-scope list of docs/job-templates.md).
enum LocalOutOfScope {
    /// A member name anywhere in the path, and why it stays out.
    static let members: [(name: String, reason: String)] = [
        ("SpekeKeyProviderCmaf", "SPEKE DRM is a key service contract, not media work"),
        ("SpekeKeyProvider", "SPEKE DRM is a key service contract, not media work"),
        ("NielsenConfiguration", "Nielsen watermarking needs the proprietary SDK and a licence"),
        ("NielsenNonLinearWatermark", "Nielsen watermarking needs the proprietary SDK and a licence"),
        ("KantarWatermark", "Kantar watermarking needs the proprietary SDK and a licence"),
        ("DolbyVision", "Dolby Vision metadata generation is proprietary"),
        ("Hdr10Plus", "HDR10+ dynamic metadata generation is proprietary"),
        ("Esam", "ESAM/SCTE-35 ad signalling is broadcast ad insertion"),
        ("AccelerationSettings", "a MediaConvert billing mode"),
    ]

    /// Why the member at `pattern` (`OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.DolbyVision.Profile`)
    /// is out of scope, `nil` when it is not on the list.
    static func reason(for pattern: String) -> String? {
        let names = pattern.split(separator: ".").map { String($0.split(separator: "[").first ?? "") }
        return members.first { member in names.contains(member.name) }.map { "\($0.name): \($0.reason)" }
    }
}

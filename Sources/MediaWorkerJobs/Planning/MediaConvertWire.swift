public import MediaWorkerJSON

/// MediaConvert's REST-JSON wire names are the SDK member names with a lowercase first letter
/// (`OutputGroups` → `outputGroups`), except for the keys of maps, which are the operator's own
/// names (`AudioSelectors`' "Audio Selector 1", `UserMetadata`, `Tags`).
public enum MediaConvertWire {
    /// Members whose value is a map: their keys are kept, their values converted.
    static let mapMembers: Set<String> = ["AudioSelectors", "AudioSelectorGroups", "CaptionSelectors", "DynamicAudioSelectors", "UserMetadata", "Tags"]

    /// Converts an SDK-shaped request or settings object to wire names.
    public static func body(from value: JSONValue) -> JSONValue {
        convert(value, isMap: false)
    }

    private static func convert(_ value: JSONValue, isMap: Bool) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.map { member in
                let key = isMap ? member.key : wireName(member.key)
                return JSONValue.Member(key, convert(member.value, isMap: !isMap && mapMembers.contains(member.key)))
            })
        case .array(let elements):
            return .array(elements.map { convert($0, isMap: false) })
        default:
            return value
        }
    }

    /// `OutputGroups` → `outputGroups`.
    public static func wireName(_ name: String) -> String {
        guard let first = name.first else { return name }
        return first.lowercased() + name.dropFirst()
    }
}

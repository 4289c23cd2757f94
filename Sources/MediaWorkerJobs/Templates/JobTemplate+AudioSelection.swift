import MediaWorkerJSON

/// `Inputs[0].AudioSelectors`, as far as the local engine runs them: the selector an output's
/// audio comes from (its `AudioSourceName`, MediaConvert's default "Audio Selector 1"; else
/// the selector marked `DefaultSelection: DEFAULT`, else the first) and that selector's track.
extension JobTemplate {
    /// The audio track (1 = the input's first audio stream, in file order) of the selector
    /// output `output` of group `group` takes its audio from: `Tracks[0]` when `SelectorType`
    /// is TRACK or unset; `nil` (the input's main audio stream) otherwise or without `Tracks`.
    public func audioTrack(group: Int, output: Int) -> Int? {
        guard let selector = audioSelector(group: group, output: output)?.value else { return nil }
        guard [nil, "TRACK"].contains(selector["SelectorType"]?.stringValue) else { return nil }
        return selector["Tracks"]?.elements?.first?.intValue
    }

    /// The selector (name and settings) an output's first audio description names.
    func audioSelector(group: Int, output: Int) -> JSONValue.Member? {
        guard let selectors = settings["Inputs"]?.elements?.first?["AudioSelectors"]?.members, !selectors.isEmpty else { return nil }
        let description = settings["OutputGroups"]?.elements?[safe: group]?["Outputs"]?.elements?[safe: output]?["AudioDescriptions"]?.elements?.first
        let name = description?["AudioSourceName"]?.stringValue ?? "Audio Selector 1"
        return selectors.first { $0.key == name }
            ?? selectors.first { $0.value["DefaultSelection"]?.stringValue == "DEFAULT" }
            ?? selectors.first
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

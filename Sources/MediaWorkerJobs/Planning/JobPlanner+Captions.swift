import MediaWorkerJSON

extension JobPlanner {
    /// `settings` without the caption selectors whose source is ``Placeholder/captionsURL``
    /// (the upload has no caption file beside it) and without the `CaptionDescriptions` that
    /// use them; each removal is noted in `dropped`.
    static func withoutCaptionsBeside(_ settings: JSONValue, dropped: inout [String]) -> JSONValue {
        let marker = "{{\(Placeholder.captionsURL.rawValue)}}"
        var settings = settings
        var inputs = settings["Inputs"]?.elements ?? []
        var removed: Set<String> = []
        for index in inputs.indices {
            guard let selectors = inputs[index]["CaptionSelectors"]?.members else { continue }
            let kept = selectors.filter { !JSONWriter.write($0.value).contains(marker) }
            guard kept.count != selectors.count else { continue }
            for selector in selectors where !kept.contains(selector) {
                removed.insert(selector.key)
                dropped.append("Inputs[\(index)].CaptionSelectors.\(selector.key): no caption file beside the upload (\(marker)); its captions are left out")
            }
            inputs[index]["CaptionSelectors"] = kept.isEmpty ? nil : .object(kept)
        }
        guard !removed.isEmpty else { return settings }
        settings["Inputs"] = .array(inputs)
        var groups = settings["OutputGroups"]?.elements ?? []
        for group in groups.indices {
            var outputs = groups[group]["Outputs"]?.elements ?? []
            for output in outputs.indices {
                guard let captions = outputs[output]["CaptionDescriptions"]?.elements else { continue }
                let kept = captions.filter { !removed.contains($0["CaptionSelectorName"]?.stringValue ?? "") }
                outputs[output]["CaptionDescriptions"] = kept.isEmpty ? nil : .array(kept)
            }
            groups[group]["Outputs"] = .array(outputs)
        }
        settings["OutputGroups"] = .array(groups)
        return settings
    }
}

import MediaWorkerJSON
import MediaWorkerMedia

/// Reading `Settings`: inputs, output groups and their outputs (codecs in JobTemplate+Codecs.swift).
extension JobTemplate {
    /// MediaConvert's default HLS `SegmentLength`, in seconds, when a group leaves it out.
    public static let defaultHLSSegmentLength = 10

    /// The output groups; `inputImages` gets the first input's `ImageInserter` images.
    static func readSettings(_ settings: JSONValue, inputImages: inout [ImageOverlay], _ reader: inout TemplateReader) -> [TemplateOutputGroup] {
        // Inputs may be left out (a job template): the planner adds the source as the input.
        if let inputs = reader.array(settings, "Inputs", at: "") {
            for (index, input) in inputs.enumerated() {
                let path = "Inputs[\(index)]"
                guard case .object = input else {
                    reader.error(path, "expected an object, got \(input.kindDescription)")
                    continue
                }
                _ = reader.string(input, "FileInput", at: path)
                if let selector = reader.object(input, "VideoSelector", at: path) {
                    _ = reader.string(selector, "Rotate", at: path + ".VideoSelector", allowed: ["DEGREE_0", "DEGREES_90", "DEGREES_180", "DEGREES_270", "AUTO"])
                }
                let images = readImageInserter(input, at: path, &reader)
                if index == 0 { inputImages = images }
            }
        }
        guard let groups = reader.array(settings, "OutputGroups", at: "", required: true, nonEmpty: true) else { return [] }
        var result: [TemplateOutputGroup] = []
        for (index, group) in groups.enumerated() {
            if let parsed = readGroup(group, index: index, &reader) { result.append(parsed) }
        }
        return result
    }

    private static func readGroup(_ group: JSONValue, index: Int, _ reader: inout TemplateReader) -> TemplateOutputGroup? {
        let path = "OutputGroups[\(index)]"
        guard case .object = group else {
            reader.error(path, "expected an object, got \(group.kindDescription)")
            return nil
        }
        let name = reader.string(group, "Name", at: path)
        var kind = TemplateOutputGroup.Kind.other("")
        var destination: String?
        var segmentLength: Int?
        var type: String?
        if let settings = reader.object(group, "OutputGroupSettings", at: path, required: true) {
            let settingsPath = path + ".OutputGroupSettings"
            type = reader.string(settings, "Type", at: settingsPath, required: true, allowed: TemplateEnums.groupTypes)
            if let type, let member = TemplateEnums.groupSettingsMembers[type] {
                kind = type == "FILE_GROUP_SETTINGS" ? .file : type == "HLS_GROUP_SETTINGS" ? .hls : .other(type)
                // File and HLS groups are read here; the other types' settings are MediaConvert's to check.
                let required = kind == .file || kind == .hls
                if let typed = reader.object(settings, member, at: settingsPath, required: required) {
                    let typedPath = settingsPath + "." + member
                    // A job template leaves Destination out: the planner sets the delivery folder.
                    destination = reader.string(typed, "Destination", at: typedPath)
                    if kind == .hls {
                        segmentLength = reader.integer(typed, "SegmentLength", at: typedPath, range: 1...2_147_483_647)
                        if typed["SegmentLength"] == nil { segmentLength = defaultHLSSegmentLength }
                        _ = reader.integer(typed, "MinSegmentLength", at: typedPath, range: 0...2_147_483_647)
                    }
                }
            }
        }
        let abr = readAutomatedEncoding(group, path: path, type: type, &reader)
        let automated = abr != nil
        var outputs: [TemplateOutput] = []
        if let list = reader.array(group, "Outputs", at: path, required: true, nonEmpty: true) {
            for (outputIndex, output) in list.enumerated() {
                let outputPath = "\(path).Outputs[\(outputIndex)]"
                if let parsed = readOutput(output, path: outputPath, index: outputIndex, automated: automated, &reader) { outputs.append(parsed) }
            }
        }
        // Segments start at keyframes and are played on their own (EXT-X-INDEPENDENT-SEGMENTS):
        // the local engine keeps streaming outputs' GOPs closed (MediaConvert: don't set
        // GopClosedCadence 0 for segmented outputs); warned in LocalSupport.
        if kind != .file {
            for position in outputs.indices where outputs[position].video?.tuning.closedGOP == false { outputs[position].video?.tuning.closedGOP = true }
        }
        return TemplateOutputGroup(
            index: index, name: name, kind: kind, destination: destination, segmentLength: segmentLength, automatedEncoding: automated,
            outputs: outputs, path: path, abr: abr)
    }

    /// `AutomatedEncodingSettings` (automated ABR): only in streaming groups (MediaConvert's
    /// "Job settings restrictions for automated ABR"), its limits in the model's ranges, its
    /// `Rules` as the API reference states them; `nil` when the group has none.
    private static func readAutomatedEncoding(_ group: JSONValue, path: String, type: String?, _ reader: inout TemplateReader) -> AutomatedABRSettings? {
        guard let encoding = reader.object(group, "AutomatedEncodingSettings", at: path) else { return nil }
        let encodingPath = path + ".AutomatedEncodingSettings"
        if let type, !TemplateEnums.automatedABRGroupTypes.contains(type) {
            reader.error(encodingPath, "automated ABR needs a streaming group (\(TemplateEnums.automatedABRGroupTypes.joined(separator: ", "))), not \(type)")
        }
        guard let abr = reader.object(encoding, "AbrSettings", at: encodingPath) else { return AutomatedABRSettings() }
        let abrPath = encodingPath + ".AbrSettings"
        let maximum = reader.integer(abr, "MaxAbrBitrate", at: abrPath, range: 100_000...100_000_000)
        let minimum = reader.integer(abr, "MinAbrBitrate", at: abrPath, range: 100_000...100_000_000)
        let renditions = reader.integer(abr, "MaxRenditions", at: abrPath, range: 3...15)
        let quality = reader.number(abr, "MaxQualityLevel", at: abrPath, range: 1...10)
        if let maximum, let minimum, minimum > maximum {
            reader.error(abrPath + ".MinAbrBitrate", "\(minimum) is above MaxAbrBitrate \(maximum)")
        }
        var settings = AutomatedABRSettings(maxBitrate: maximum, minBitrate: minimum, maxRenditions: renditions, maxQualityLevel: quality)
        readABRRules(abr, path: abrPath, into: &settings, &reader)
        return settings
    }

    /// `AbrSettings.Rules`: each entry's `Type` and the member that type needs.
    private static func readABRRules(_ abr: JSONValue, path: String, into settings: inout AutomatedABRSettings, _ reader: inout TemplateReader) {
        guard let rules = reader.array(abr, "Rules", at: path) else { return }
        func size(_ value: JSONValue, at sizePath: String) -> AutomatedABRSettings.Size? {
            let width = reader.integer(value, "Width", at: sizePath, range: 32...8192, required: true)
            let height = reader.integer(value, "Height", at: sizePath, range: 32...8192, required: true)
            guard let width, let height else { return nil }
            return AutomatedABRSettings.Size(width: width, height: height)
        }
        for (index, rule) in rules.enumerated() {
            let rulePath = "\(path).Rules[\(index)]"
            let types = ["MIN_TOP_RENDITION_SIZE", "MIN_BOTTOM_RENDITION_SIZE", "FORCE_INCLUDE_RENDITIONS", "ALLOWED_RENDITIONS"]
            switch reader.string(rule, "Type", at: rulePath, required: true, allowed: types) {
            case "MIN_TOP_RENDITION_SIZE":
                if let value = reader.object(rule, "MinTopRenditionSize", at: rulePath, required: true) { settings.minTop = size(value, at: rulePath + ".MinTopRenditionSize") }
            case "MIN_BOTTOM_RENDITION_SIZE":
                if let value = reader.object(rule, "MinBottomRenditionSize", at: rulePath, required: true) { settings.minBottom = size(value, at: rulePath + ".MinBottomRenditionSize") }
            case "FORCE_INCLUDE_RENDITIONS":
                for (position, value) in (reader.array(rule, "ForceIncludeRenditions", at: rulePath, required: true, nonEmpty: true) ?? []).enumerated() {
                    if let found = size(value, at: "\(rulePath).ForceIncludeRenditions[\(position)]") { settings.forceInclude.append(found) }
                }
            case "ALLOWED_RENDITIONS":
                for (position, value) in (reader.array(rule, "AllowedRenditions", at: rulePath, required: true, nonEmpty: true) ?? []).enumerated() {
                    let entryPath = "\(rulePath).AllowedRenditions[\(position)]"
                    let required = reader.string(value, "Required", at: entryPath, allowed: ["ENABLED", "DISABLED"]) == "ENABLED"
                    if let found = size(value, at: entryPath) { settings.allowed.append((found, required)) }
                }
            default: break
            }
        }
        if !settings.forceInclude.isEmpty, !settings.allowed.isEmpty {
            reader.error(path + ".Rules", "FORCE_INCLUDE_RENDITIONS and ALLOWED_RENDITIONS exclude each other; mark the sizes to force with Required: ENABLED in ALLOWED_RENDITIONS")
        }
        if settings.forceInclude.count > settings.maxRenditions {
            reader.error(path + ".Rules", "FORCE_INCLUDE_RENDITIONS names \(settings.forceInclude.count) sizes, more than MaxRenditions \(settings.maxRenditions)")
        }
        if let top = settings.minTop, let bottom = settings.minBottom, bottom.shortSide > top.shortSide {
            reader.error(path + ".Rules", "MIN_BOTTOM_RENDITION_SIZE \(bottom.width)x\(bottom.height) is above MIN_TOP_RENDITION_SIZE \(top.width)x\(top.height)")
        }
    }

    private static func readOutput(_ output: JSONValue, path: String, index: Int, automated: Bool, _ reader: inout TemplateReader) -> TemplateOutput? {
        guard case .object = output else {
            reader.error(path, "expected an object, got \(output.kindDescription)")
            return nil
        }
        let modifier = reader.string(output, "NameModifier", at: path)
        let fileExtension = reader.string(output, "Extension", at: path)
        var container: String?
        if let settings = reader.object(output, "ContainerSettings", at: path) {
            container = reader.string(settings, "Container", at: path + ".ContainerSettings", allowed: TemplateEnums.containers)
        }
        var video: TemplateVideo?
        if let description = reader.object(output, "VideoDescription", at: path) {
            video = readVideo(description, path: path + ".VideoDescription", automated: automated, &reader)
        }
        var audio: [TemplateAudio] = []
        let audioList = reader.array(output, "AudioDescriptions", at: path) ?? []
        for (audioIndex, entry) in audioList.enumerated() {
            let audioPath = "\(path).AudioDescriptions[\(audioIndex)]"
            guard case .object = entry else {
                reader.error(audioPath, "expected an object, got \(entry.kindDescription)")
                continue
            }
            if let parsed = readAudio(entry, path: audioPath, &reader) { audio.append(parsed) }
        }
        // An output may carry captions alone (a WebVTT rendition of an HLS group, a sidecar file).
        let captionList = reader.array(output, "CaptionDescriptions", at: path) ?? []
        for (captionIndex, entry) in captionList.enumerated() where entry.members == nil {
            reader.error("\(path).CaptionDescriptions[\(captionIndex)]", "expected an object, got \(entry.kindDescription)")
        }
        if video != nil { video?.captionBurnin = readCaptionBurnin(captionList, at: path, &reader) }
        if output["VideoDescription"] == nil && audioList.isEmpty && captionList.isEmpty {
            reader.error(path, "has no VideoDescription, AudioDescriptions or CaptionDescriptions; an output needs at least one")
        }
        return TemplateOutput(
            index: index, nameModifier: modifier, container: container, fileExtension: fileExtension, video: video, audio: audio,
            hasCaptions: !captionList.isEmpty, path: path)
    }
}

import MediaWorkerJSON
import MediaWorkerMedia

/// Which template members the local engine executes. Everything else is still sent to
/// MediaConvert, and produces one warning per distinct member when the template is loaded.
enum LocalSupport {
    /// Executed members, relative to `Settings`, with array indices as `[]` and map keys as `*`.
    static let executed: Set<String> = [
        "Inputs[].FileInput",
        "Inputs[].AudioSelectors.*.DefaultSelection",
        "Inputs[].AudioSelectors.*.SelectorType",
        "Inputs[].AudioSelectors.*.Tracks[]",
        "Inputs[].VideoSelector.Rotate",
        "Inputs[].InputClippings[].StartTimecode",
        "Inputs[].InputClippings[].EndTimecode",
        "Inputs[].TimecodeSource",
        "Inputs[].TimecodeStart",
        "OutputGroups[].Name",
        "OutputGroups[].AutomatedEncodingSettings.AbrSettings.MaxAbrBitrate",
        "OutputGroups[].AutomatedEncodingSettings.AbrSettings.MinAbrBitrate",
        "OutputGroups[].AutomatedEncodingSettings.AbrSettings.MaxRenditions",
        "OutputGroups[].AutomatedEncodingSettings.AbrSettings.MaxQualityLevel",
        "OutputGroups[].AutomatedEncodingSettings.AbrSettings.Rules[].Type",
        "OutputGroups[].AutomatedEncodingSettings.AbrSettings.Rules[].MinTopRenditionSize.Width",
        "OutputGroups[].AutomatedEncodingSettings.AbrSettings.Rules[].MinTopRenditionSize.Height",
        "OutputGroups[].AutomatedEncodingSettings.AbrSettings.Rules[].MinBottomRenditionSize.Width",
        "OutputGroups[].AutomatedEncodingSettings.AbrSettings.Rules[].MinBottomRenditionSize.Height",
        "OutputGroups[].AutomatedEncodingSettings.AbrSettings.Rules[].ForceIncludeRenditions[].Width",
        "OutputGroups[].AutomatedEncodingSettings.AbrSettings.Rules[].ForceIncludeRenditions[].Height",
        "OutputGroups[].AutomatedEncodingSettings.AbrSettings.Rules[].AllowedRenditions[].Width",
        "OutputGroups[].AutomatedEncodingSettings.AbrSettings.Rules[].AllowedRenditions[].Height",
        "OutputGroups[].AutomatedEncodingSettings.AbrSettings.Rules[].AllowedRenditions[].Required",
        "OutputGroups[].OutputGroupSettings.Type",
        "OutputGroups[].OutputGroupSettings.FileGroupSettings.Destination",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.Destination",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.SegmentLength",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.MinSegmentLength",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.MinFinalSegmentLength",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.SegmentControl",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.DirectoryStructure",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.ManifestDurationFormat",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.ProgramDateTime",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.ProgramDateTimePeriod",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.OutputSelection",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.CodecSpecification",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.CaptionLanguageMappings[].LanguageCode",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.CaptionLanguageMappings[].LanguageDescription",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.Encryption.EncryptionMethod",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.Encryption.Type",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.Encryption.ConstantInitializationVector",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.Encryption.InitializationVectorInManifest",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.Encryption.StaticKeyProvider.StaticKeyValue",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.Encryption.StaticKeyProvider.Url",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.Encryption.StaticKeyProvider.KeyFormat",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.Encryption.StaticKeyProvider.KeyFormatVersions",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.AdditionalManifests[].ManifestNameModifier",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.AdditionalManifests[].SelectedOutputs[]",
        "OutputGroups[].Outputs[].OutputSettings.HlsSettings.AudioGroupId",
        "OutputGroups[].Outputs[].OutputSettings.HlsSettings.AudioTrackType",
        "OutputGroups[].Outputs[].OutputSettings.HlsSettings.AudioRenditionSets",
        "OutputGroups[].Outputs[].OutputSettings.HlsSettings.IFrameOnlyManifest",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.FrameCaptureSettings.FramerateNumerator",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.FrameCaptureSettings.FramerateDenominator",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.FrameCaptureSettings.MaxCaptures",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.FrameCaptureSettings.Quality",
        "OutputGroups[].Outputs[].AudioDescriptions[].StreamName",
        "OutputGroups[].Outputs[].AudioDescriptions[].LanguageCode",
        "OutputGroups[].Outputs[].AudioDescriptions[].CustomLanguageCode",
        "OutputGroups[].Outputs[].AudioDescriptions[].LanguageCodeControl",
        "OutputGroups[].Outputs[].NameModifier",
        "OutputGroups[].Outputs[].Extension",
        "OutputGroups[].Outputs[].ContainerSettings.Container",
        "OutputGroups[].Outputs[].ContainerSettings.Mp4Settings.MoovPlacement",
        "OutputGroups[].Outputs[].ContainerSettings.Mp4Settings.FreeSpaceBox",
        "OutputGroups[].Outputs[].ContainerSettings.Mp4Settings.CslgAtom",
        "OutputGroups[].Outputs[].ContainerSettings.MovSettings.CslgAtom",
        "OutputGroups[].Outputs[].ContainerSettings.M3u8Settings.PmtPid",
        "OutputGroups[].Outputs[].ContainerSettings.M3u8Settings.VideoPid",
        "OutputGroups[].Outputs[].ContainerSettings.M3u8Settings.AudioPids[]",
        "OutputGroups[].Outputs[].ContainerSettings.M3u8Settings.ProgramNumber",
        "OutputGroups[].Outputs[].ContainerSettings.M3u8Settings.PatInterval",
        "OutputGroups[].Outputs[].ContainerSettings.M3u8Settings.PmtInterval",
        "OutputGroups[].Outputs[].ContainerSettings.M3u8Settings.TransportStreamId",
        "OutputGroups[].Outputs[].OutputSettings.HlsSettings.AudioOnlyContainer",
        "OutputGroups[].OutputGroupSettings.HlsGroupSettings.AudioOnlyHeader",
        "OutputGroups[].Outputs[].ContainerSettings.M3u8Settings.PcrControl",
        "OutputGroups[].Outputs[].ContainerSettings.M3u8Settings.PcrPeriod",
        "OutputGroups[].Outputs[].VideoDescription.Width",
        "OutputGroups[].Outputs[].VideoDescription.Height",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.Codec",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.H264Settings.RateControlMode",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.H264Settings.Bitrate",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.H264Settings.MaxBitrate",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.H264Settings.HrdBufferSize",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.H264Settings.QvbrSettings.QvbrQualityLevel",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.H264Settings.QvbrSettings.QvbrQualityLevelFineTune",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.H264Settings.GopSize",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.H264Settings.GopSizeUnits",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.H264Settings.CodecProfile",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.H264Settings.CodecLevel",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.H264Settings.FramerateControl",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.H264Settings.FramerateNumerator",
        "OutputGroups[].Outputs[].VideoDescription.CodecSettings.H264Settings.FramerateDenominator",
        "OutputGroups[].Outputs[].VideoDescription.ScalingBehavior",
        "OutputGroups[].Outputs[].VideoDescription.AntiAlias",
        "OutputGroups[].Outputs[].VideoDescription.Sharpness",
        "OutputGroups[].Outputs[].VideoDescription.Crop.X",
        "OutputGroups[].Outputs[].VideoDescription.Crop.Y",
        "OutputGroups[].Outputs[].VideoDescription.Crop.Width",
        "OutputGroups[].Outputs[].VideoDescription.Crop.Height",
        "OutputGroups[].Outputs[].VideoDescription.Position.X",
        "OutputGroups[].Outputs[].VideoDescription.Position.Y",
        "OutputGroups[].Outputs[].VideoDescription.Position.Width",
        "OutputGroups[].Outputs[].VideoDescription.Position.Height",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.TimecodeBurnin.FontSize",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.TimecodeBurnin.Position",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.TimecodeBurnin.Prefix",
        // The burn-in's counting; without a burn-in the engine writes no timecode it could change.
        "OutputGroups[].Outputs[].VideoDescription.DropFrameTimecode",
        "TimecodeConfig.Start",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.Deinterlacer.Mode",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.Deinterlacer.Algorithm",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.Deinterlacer.Control",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.ColorCorrector.ColorSpaceConversion",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.ColorCorrector.HdrToSdrToneMapper",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.ColorCorrector.SdrReferenceWhiteLevel",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.ColorCorrector.Brightness",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.ColorCorrector.Contrast",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.ColorCorrector.Saturation",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.ColorCorrector.Hue",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.NoiseReducer.Filter",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.NoiseReducer.FilterSettings.Strength",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.NoiseReducer.SpatialFilterSettings.Strength",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.NoiseReducer.SpatialFilterSettings.PostFilterSharpenStrength",
        "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.NoiseReducer.TemporalFilterSettings.Strength",
        "OutputGroups[].Outputs[].AudioDescriptions[].AudioSourceName",
        "OutputGroups[].Outputs[].AudioDescriptions[].AudioNormalizationSettings.Algorithm",
        "OutputGroups[].Outputs[].AudioDescriptions[].AudioNormalizationSettings.AlgorithmControl",
        "OutputGroups[].Outputs[].AudioDescriptions[].AudioNormalizationSettings.TargetLkfs",
        "OutputGroups[].Outputs[].AudioDescriptions[].AudioNormalizationSettings.TruePeakLimiterThreshold",
        "OutputGroups[].Outputs[].AudioDescriptions[].AudioNormalizationSettings.PeakCalculation",
        "OutputGroups[].Outputs[].AudioDescriptions[].AudioNormalizationSettings.LoudnessLogging",
        "OutputGroups[].Outputs[].AudioDescriptions[].CodecSettings.Codec",
        "OutputGroups[].Outputs[].AudioDescriptions[].CodecSettings.AacSettings.Bitrate",
        "OutputGroups[].Outputs[].AudioDescriptions[].CodecSettings.AacSettings.SampleRate",
        "OutputGroups[].Outputs[].AudioDescriptions[].CodecSettings.AacSettings.CodingMode",
    ]

    /// The tuning members of `H264Settings` and `H265Settings` (``EncoderTuning``, x264's and
    /// x265's params); `EntropyEncoding` is H.264's only. `QualityTuningLevel`, `ParControl` and
    /// `SceneChangeDetect` have their values' own warnings (``tuningWarnings``).
    static let tuningMembers = [
        "NumberBFramesBetweenReferenceFrames", "NumberReferenceFrames", "GopBReference", "Slices", "AdaptiveQuantization", "SpatialAdaptiveQuantization",
        "TemporalAdaptiveQuantization", "SceneChangeDetect", "GopClosedCadence", "DynamicSubGop", "QualityTuningLevel", "ParControl", "ParNumerator",
        "ParDenominator",
    ]

    /// The members of `H265Settings`, `Av1Settings` and `Vp9Settings` executed as H.264's are
    /// (see CodecMapping); AV1's `MaxBitrate` is not (SVT-AV1 1.4 has no capped CRF).
    static let otherCodecMembers: [String: [String]] = [
        "H265Settings": [
            "RateControlMode", "Bitrate", "MaxBitrate", "HrdBufferSize", "QvbrSettings.QvbrQualityLevel", "QvbrSettings.QvbrQualityLevelFineTune",
            "GopSize", "GopSizeUnits", "CodecProfile", "CodecLevel", "FramerateControl", "FramerateNumerator", "FramerateDenominator",
        ],
        "Av1Settings": [
            "RateControlMode", "QvbrSettings.QvbrQualityLevel", "QvbrSettings.QvbrQualityLevelFineTune", "GopSize", "BitDepth",
            "FramerateControl", "FramerateNumerator", "FramerateDenominator",
        ],
        "Vp9Settings": ["RateControlMode", "Bitrate", "MaxBitrate", "GopSize", "FramerateControl", "FramerateNumerator", "FramerateDenominator"],
    ]

    /// The members of the audio-only outputs' `Mp3Settings`, `Ac3Settings`, `WavSettings`.
    static let audioCodecMembers: [String: [String]] = [
        "Mp3Settings": ["Bitrate", "SampleRate", "Channels"],
        "Ac3Settings": ["Bitrate", "SampleRate", "CodingMode"],
        "WavSettings": ["BitDepth", "SampleRate", "Channels"],
    ]

    /// The `DashIsoGroupSettings` and `CmafGroupSettings` members the DASH packager executes
    /// (LocalJobExecutor+DASH); CMAF's SINGLE_FILE is warned on its own.
    static let streamingGroupMembers: [String: [String]] = [
        "DashIsoGroupSettings": ["Destination", "SegmentLength", "FragmentLength", "SegmentControl", "MinBufferTime", "MpdProfile", "MinFinalSegmentLength"],
        "CmafGroupSettings": [
            "Destination", "SegmentLength", "FragmentLength", "SegmentControl", "MinBufferTime", "MpdProfile", "MinFinalSegmentLength", "WriteHlsManifest",
            "WriteDashManifest", "ManifestDurationFormat",
        ],
    ]

    /// The members of an `InsertableImages[]` entry (`ImageInserter`, input or output level).
    static let insertableImageMembers = [
        "ImageInserterInput", "ImageX", "ImageY", "Width", "Height", "Layer", "Opacity", "StartTime", "Duration", "FadeIn", "FadeOut",
    ]

    /// The `BurninDestinationSettings` members of a `BURN_IN` caption description (BurninScript).
    static let burninMembers = [
        "FontSize", "FontColor", "HexFontColor", "FontOpacity", "OutlineColor", "OutlineSize", "ShadowColor", "ShadowOpacity", "ShadowXOffset",
        "ShadowYOffset", "BackgroundColor", "BackgroundOpacity", "XPosition", "YPosition", "Alignment", "TeletextSpacing",
    ]

    /// ``executed``, the image inserters', the caption burn-in's and the other codecs' members.
    static let executedMembers: Set<String> = executed.union(
        burninMembers.map { "OutputGroups[].Outputs[].CaptionDescriptions[].DestinationSettings.BurninDestinationSettings.\($0)" } + [
            "OutputGroups[].Outputs[].CaptionDescriptions[].CaptionSelectorName",
            "Inputs[].CaptionSelectors.*.SourceSettings.FileSourceSettings.SourceFile",
            "Inputs[].CaptionSelectors.*.SourceSettings.FileSourceSettings.TimeDelta",
            "Inputs[].CaptionSelectors.*.SourceSettings.FileSourceSettings.TimeDeltaUnits",
        ]
    ).union(
        ["Inputs[].ImageInserter", "OutputGroups[].Outputs[].VideoDescription.VideoPreprocessors.ImageInserter"].flatMap { inserter in
            insertableImageMembers.map { "\(inserter).InsertableImages[].\($0)" }
        }
    ).union(["H264Settings", "H265Settings"].flatMap { member in
        (tuningMembers + (member == "H264Settings" ? ["EntropyEncoding"] : [])).map { "OutputGroups[].Outputs[].VideoDescription.CodecSettings.\(member).\($0)" }
    }).union(streamingGroupMembers.flatMap { member, keys in
        keys.map { "OutputGroups[].OutputGroupSettings.\(member).\($0)" }
    }).union(otherCodecMembers.flatMap { member, keys in
        keys.map { "OutputGroups[].Outputs[].VideoDescription.CodecSettings.\(member).\($0)" }
    }).union(audioCodecMembers.flatMap { member, keys in
        keys.map { "OutputGroups[].Outputs[].AudioDescriptions[].CodecSettings.\(member).\($0)" }
    })

    /// A caption description the packager runs: one of `renditions` (a captions-only output's
    /// WEBVTT description in an HLS, DASH or CMAF group): its `DestinationType`, its
    /// `LanguageCode`, `CustomLanguageCode` and `LanguageDescription` (the rendition's language
    /// and name) and an empty `WebvttDestinationSettings` (MediaConvert's defaults).
    static func isStreamingCaption(_ pattern: String, _ value: JSONValue, path: String, renditions: Set<[Int]>) -> Bool {
        let description = "OutputGroups[].Outputs[].CaptionDescriptions[]."
        guard pattern.hasPrefix(description), renditions.contains(Array(indices(path).prefix(3))) else { return false }
        switch String(pattern.dropFirst(description.count)) {
        case "DestinationSettings.DestinationType", "LanguageCode", "CustomLanguageCode", "LanguageDescription": return true
        case "DestinationSettings.WebvttDestinationSettings": return value.members?.isEmpty == true
        default: return false
        }
    }

    /// The caption descriptions (group, output, description indices) the packager writes as
    /// WebVTT renditions.
    static func webVTTRenditions(_ template: JobTemplate) -> Set<[Int]> {
        var found: Set<[Int]> = []
        for (g, group) in (template.settings["OutputGroups"]?.elements ?? []).enumerated()
        where ["HLS_GROUP_SETTINGS", "DASH_ISO_GROUP_SETTINGS", "CMAF_GROUP_SETTINGS"].contains(group["OutputGroupSettings"]?["Type"]?.stringValue ?? "") {
            for (o, output) in (group["Outputs"]?.elements ?? []).enumerated() where output["VideoDescription"] == nil && output["AudioDescriptions"] == nil {
                for (c, caption) in (output["CaptionDescriptions"]?.elements ?? []).enumerated()
                where caption["DestinationSettings"]?["DestinationType"]?.stringValue == "WEBVTT" {
                    found.insert([g, o, c])
                }
            }
        }
        return found
    }

    /// The array indices a member's path names, in order (`OutputGroups[2].Outputs[0]…` → [2, 0]).
    static func indices(_ path: String) -> [Int] {
        path.split(separator: "[").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    }

    /// Whether the local engine writes a file group's video output in `container` (the
    /// planner's ``PlannedOutput/Container``): the others are left out locally.
    static func writesFileContainer(_ container: String, codec: String) -> Bool {
        (container == "RAW" && codec == "FRAME_CAPTURE") || PlannedOutput.Container.file(container, videoCodec: codec) != .other
    }

    /// The tuning values the encoders do not do as MediaConvert does: one warning per member
    /// and message (`seen`), not per output.
    static func tuningWarnings(_ video: TemplateVideo, path: String, streaming: Bool, seen: inout Set<String>, _ reader: inout TemplateReader) {
        guard let member = ["H_264": "H264Settings", "H_265": "H265Settings"][video.codec] else { return }
        let settings = path + ".VideoDescription.CodecSettings.\(member)"
        var found: [(String, String)] = []
        defer {
            for (key, message) in found where seen.insert("\(member).\(key): \(message)").inserted { reader.warning(settings + "." + key, message) }
        }
        if let level = video.qualityTuningLevel, level != "SINGLE_PASS" {
            found.append(("QualityTuningLevel", "\(level) is encoded in one pass at X264_PRESET by the local engine (a slower X264_PRESET is its quality setting)"))
        }
        if video.sceneChangeDetect == "TRANSITION_DETECTION" {
            found.append(("SceneChangeDetect", "TRANSITION_DETECTION is run as the encoder's scene-cut detection by the local engine, without fade detection"))
        }
        if streaming, video.gopClosedCadence.map({ $0 != 1 }) == true {
            found.append(("GopClosedCadence", "\(video.gopClosedCadence!): segmented outputs keep closed GOPs in the local engine, so that each segment plays on its own"))
        } else if let cadence = video.gopClosedCadence, cadence > 1 {
            found.append(("GopClosedCadence", "\(cadence): the local engine's encoders keep no cadence of closed GOPs; every GOP may be open"))
        }
        switch video.parControl {
        case "SPECIFIED" where (video.parNumerator ?? 1) != (video.parDenominator ?? 1):
            found.append(("ParControl", "a pixel aspect ratio of \(video.parNumerator ?? 1):\(video.parDenominator ?? 1) is written with square pixels by the local engine (the picture keeps its display aspect)"))
        case "INITIALIZE_FROM_SOURCE":
            found.append(("ParControl", "INITIALIZE_FROM_SOURCE: the local engine writes square pixels; an anamorphic source is scaled to its display aspect instead of keeping its pixel aspect ratio"))
        default: break
        }
    }

    /// The `M3u8Settings` the TS muxer cannot follow: FFmpeg numbers the elementary streams on
    /// from the first PID and writes PMT with every PAT.
    static func transportStreamWarnings(_ output: JSONValue?, path: String, _ reader: inout TemplateReader) {
        guard let settings = output?["ContainerSettings"]?["M3u8Settings"] else { return }
        let at = path + ".ContainerSettings.M3u8Settings"
        if let pat = settings["PatInterval"]?.intValue, let pmt = settings["PmtInterval"]?.intValue, pat != pmt {
            reader.warning(at + ".PmtInterval", "\(pmt) ms: the local engine writes the PMT with every PAT (PatInterval \(pat) ms)")
        }
        if output?["VideoDescription"] != nil, let video = settings["VideoPid"]?.intValue, let audio = settings["AudioPids"]?.elements?.first?.intValue,
            audio != video + 1
        {
            reader.warning(at + ".AudioPids", "\(audio): the local engine numbers the audio PID after the video's (\(video + 1))")
        }
    }

    /// Members whose keys are names chosen by the operator.
    static let maps: Set<String> = ["AudioSelectors", "AudioSelectorGroups", "CaptionSelectors", "DynamicAudioSelectors"]

    /// The scheme of a side input the local engine does not read (`https`), `nil` for a local
    /// path, `file://` or `s3://` (fetched before the engine runs).
    static func unreadScheme(_ written: String) -> String? {
        guard let range = written.range(of: "://") else { return nil }
        let scheme = written[..<range.lowerBound].lowercased()
        return ["file", "s3"].contains(scheme) ? nil : scheme
    }

    /// Every member of `template`'s settings as executed, equivalent by default or not
    /// executed (with the reason).
    static func classify(_ template: JobTemplate, reader: TemplateReader) -> LocalClassification {
        var reader = reader
        reader.issues = []
        var seen = Set<String>()
        var executedSeen = Set<String>()
        var equivalentSeen = Set<String>()
        // ID3 timestamps are written only with an output's M3u8Settings.TimedMetadata PASSTHROUGH.
        let passesID3 = (template.settings["OutputGroups"]?.elements ?? []).contains { group in
            (group["Outputs"]?.elements ?? []).contains { $0["ContainerSettings"]?["M3u8Settings"]?["TimedMetadata"]?.stringValue == "PASSTHROUGH" }
        }
        let webVTT = webVTTRenditions(template)
        func walk(_ value: JSONValue, path: String, pattern: String) {
            switch value {
            case .object(let members) where !members.isEmpty:
                let isMap = maps.contains(String(pattern.split(separator: ".").last ?? ""))
                for member in members {
                    walk(member.value, path: TemplateReader.join(path, member.key), pattern: TemplateReader.join(pattern, isMap ? "*" : member.key))
                }
            case .array(let elements) where !elements.isEmpty:
                for (index, element) in elements.enumerated() { walk(element, path: "\(path)[\(index)]", pattern: pattern + "[]") }
            default:
                if executedMembers.contains(pattern) || Self.isStreamingCaption(pattern, value, path: path, renditions: webVTT) {
                    executedSeen.insert(pattern)
                } else if LocalEquivalents.isEquivalent(pattern, value) || (!passesID3 && LocalEquivalents.id3Timestamps.contains(pattern)) {
                    equivalentSeen.insert(pattern)
                } else if seen.insert(pattern).inserted {
                    let outOfScope = LocalOutOfScope.reason(for: pattern).map { "; out of scope locally: \($0)" } ?? ""
                    reader.warning(path, "not executed by the local engine (sent to MediaConvert as is)\(outOfScope)")
                }
            }
        }
        walk(template.settings, path: "", pattern: "")
        if let inputs = template.settings["Inputs"]?.elements {
            if (inputs.first?["InputClippings"]?.elements?.count ?? 0) > 1 {
                reader.warning("Inputs[0].InputClippings", "the local engine encodes the first clipping only")
            }
            for index in inputs.indices.dropFirst() where inputs[index]["InputClippings"] != nil {
                reader.warning("Inputs[\(index)].InputClippings", "the local engine encodes the first input only")
            }
            for selector in inputs.first?["AudioSelectors"]?.members ?? [] {
                let path = "Inputs[0].AudioSelectors.\(selector.key)"
                if let type = selector.value["SelectorType"]?.stringValue, type != "TRACK" {
                    reader.warning(path + ".SelectorType", "\(type) is not run by the local engine: it takes the input's main audio stream (TRACK with Tracks picks one)")
                }
                if let tracks = selector.value["Tracks"]?.elements, tracks.count > 1 {
                    reader.warning(path + ".Tracks", "the local engine takes the first track only (MediaConvert combines the tracks' channels)")
                }
            }
            for index in inputs.indices.dropFirst() where inputs[index]["ImageInserter"] != nil {
                reader.warning("Inputs[\(index)].ImageInserter", "the local engine lays the first input's images only")
            }
        }
        let images = [("Inputs[0].ImageInserter", template.inputImages)] + template.outputGroups.flatMap(\.outputs).map {
            ($0.path + ".VideoDescription.VideoPreprocessors.ImageInserter", $0.video?.images ?? [])
        }
        // Side inputs in S3 are fetched into the job folder before the engine runs (the worker's
        // and `process`'s SideInputs); other schemes are not read.
        for (path, image) in images.flatMap({ path, list in list.map { (path, $0) } }) {
            if let scheme = unreadScheme(image.path) {
                reader.warning(path, "ImageInserterInput \(image.path): the local engine reads images from local paths, file:// and s3:// URIs only, not \(scheme)://, and refuses this job")
                break
            }
        }
        for selector in template.settings["Inputs"]?.elements?.first?["CaptionSelectors"]?.members ?? [] {
            if let source = selector.value["SourceSettings"]?["FileSourceSettings"]?["SourceFile"]?.stringValue, let scheme = unreadScheme(source) {
                reader.warning("Inputs[0].CaptionSelectors.\(selector.key).SourceSettings.FileSourceSettings.SourceFile",
                               "\(source): the local engine reads caption sidecars from local paths, file:// and s3:// URIs only, not \(scheme)://; its BURN_IN and sidecar outputs are refused or left out")
            }
        }
        var tuningSeen = Set<String>()
        for group in template.outputGroups {
            if case .other(let type) = group.kind, !["DASH_ISO_GROUP_SETTINGS", "CMAF_GROUP_SETTINGS"].contains(type) {
                reader.warning(group.path + ".OutputGroupSettings.Type", "\(type) groups are not executed by the local engine; the group is skipped locally")
            }
            if case .other(let type) = group.kind, let member = TemplateEnums.groupSettingsMembers[type], type == "CMAF_GROUP_SETTINGS",
                template.settings["OutputGroups"]?.elements?[group.index]["OutputGroupSettings"]?[member]?["SegmentControl"]?.stringValue == "SINGLE_FILE"
            {
                reader.warning(group.path + ".OutputGroupSettings.\(member).SegmentControl", "SINGLE_FILE is written as segment files (SEGMENTED_FILES) by the local engine")
            }
            let groupJSON = template.settings["OutputGroups"]?.elements?[group.index]
            if group.kind == .hls, groupJSON?["OutputGroupSettings"]?["HlsGroupSettings"]?["SegmentControl"]?.stringValue == "SINGLE_FILE" {
                for output in group.outputs where output.video == nil && !output.audio.isEmpty
                    && groupJSON?["Outputs"]?.elements?[output.index]["OutputSettings"]?["HlsSettings"]?["AudioOnlyContainer"]?.stringValue != "M2TS"
                {
                    reader.warning(output.path + ".OutputSettings.HlsSettings.AudioOnlyContainer", "with SINGLE_FILE the local engine writes this audio-only output as one TS file, not packed audio")
                }
            }
            for output in group.outputs {
                if group.kind == .file, let video = output.video, let container = output.container, !Self.writesFileContainer(container, codec: video.codec) {
                    reader.warning(output.path + ".ContainerSettings.Container", "\(container) with \(video.codec) video is not written by the local engine (MP4, MOV with H.264 or H.265, WEBM with VP9, RAW frame captures); the output is left out locally")
                }
                if let video = output.video {
                    if !CodecMapping.executedCodecs.contains(video.codec) && video.codec != "FRAME_CAPTURE" {
                        reader.warning(output.path + ".VideoDescription.CodecSettings.Codec", "\(video.codec) is encoded as H.264 by the local engine")
                    }
                    if video.codec == "H_265", let profile = video.codecProfile, !profile.hasPrefix("MAIN_MAIN"), !profile.hasPrefix("MAIN_HIGH"),
                        !profile.hasPrefix("MAIN10_")
                    {
                        reader.warning(output.path + ".VideoDescription.CodecSettings.H265Settings.CodecProfile", "\(profile) is encoded as \(profile.contains("10BIT") ? "MAIN10" : "MAIN") 4:2:0 by the local engine")
                    }
                    tuningWarnings(video, path: output.path, streaming: group.kind != .file, seen: &tuningSeen, &reader)
                    if video.codec == "H_264", let profile = video.codecProfile, !["BASELINE", "MAIN", "HIGH"].contains(profile) {
                        reader.warning(output.path + ".VideoDescription.CodecSettings.H264Settings.CodecProfile", "\(profile) is encoded as HIGH (8-bit 4:2:0) by the local engine")
                    }
                }
                let corrector = template.settings["OutputGroups"]?.elements?[group.index]["Outputs"]?.elements?[output.index]["VideoDescription"]?["VideoPreprocessors"]?["ColorCorrector"]
                if let conversion = corrector?["ColorSpaceConversion"]?.stringValue, ColorCorrection.Conversion(rawValue: conversion) == nil {
                    reader.warning(output.path + ".VideoDescription.VideoPreprocessors.ColorCorrector.ColorSpaceConversion",
                                   "\(conversion) is not executed by the local engine (it converts to BT.709 and BT.601 only); the source's colour space is kept")
                }
                if output.video?.deinterlacing?.mode == .adaptive {
                    reader.warning(output.path + ".VideoDescription.VideoPreprocessors.Deinterlacer.Mode", "ADAPTIVE is deinterlaced as DEINTERLACE by the local engine (no telecine detection)")
                }
                for (index, audio) in output.audio.enumerated() {
                    if audio.codec != "AAC", output.video != nil || !AudioMapping.executedCodecs.contains(audio.codec) {
                        reader.warning(output.path + ".AudioDescriptions[\(index)].CodecSettings.Codec", "\(audio.codec) is encoded as AAC by the local engine")
                    }
                    if let mode = audio.codingMode, !["CODING_MODE_1_0", "CODING_MODE_2_0", "CODING_MODE_AUTO"].contains(mode) {
                        reader.warning(output.path + ".AudioDescriptions[\(index)].CodecSettings.AacSettings.CodingMode", "\(mode) is encoded as stereo by the local engine")
                    }
                }
                transportStreamWarnings(template.settings["OutputGroups"]?.elements?[group.index]["Outputs"]?.elements?[output.index], path: output.path, &reader)
                let captions = template.settings["OutputGroups"]?.elements?[group.index]["Outputs"]?.elements?[output.index]["CaptionDescriptions"]?.elements ?? []
                if captions.filter({ $0["DestinationSettings"]?["DestinationType"]?.stringValue == "BURN_IN" }).count > 1 {
                    reader.warning(output.path + ".CaptionDescriptions", "the local engine burns in the first BURN_IN caption description only")
                }
                if output.audio.count > 1 {
                    reader.warning(output.path + ".AudioDescriptions", "the local engine writes one audio track per output (the first description)")
                }
            }
        }
        for output in template.outputGroups.flatMap(\.outputs) where output.isCaptionsOnly && template.inputClip != nil {
            reader.warning(output.path, "captions renditions are not clipped by the local engine (their cues keep the input's times; InputClippings apply to video outputs)")
        }
        let deinterlacers = Set(template.outputGroups.flatMap(\.outputs).compactMap(\.video).map { "\(String(describing: $0.deinterlacing))" })
        if deinterlacers.count > 1 {
            reader.warning("OutputGroups", "outputs ask for different deinterlacers; the local engine deinterlaces once, with the first output's")
        }
        return LocalClassification(executed: executedSeen.sorted(), equivalent: equivalentSeen.sorted(), notExecuted: reader.issues)
    }
}

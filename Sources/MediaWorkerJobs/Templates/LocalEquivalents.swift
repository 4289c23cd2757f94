import MediaWorkerJSON

/// Members whose value asks for what the local engine does anyway ("equivalent by default"):
/// not warned. Each is true of every local output: no AFD, no timecode track, colour tags
/// from the source, progressive pictures, no pulldown, no minimum I-interval, frame-rate
/// conversion by repeating and dropping frames, a 90 % initial VBV fill, AAC-LC in
/// MPEG-4 without LATM, the preprocessing filters off, the first program and alpha dropped.
enum LocalEquivalents {
    private static let video = "OutputGroups[].Outputs[].VideoDescription."
    private static let audio = "OutputGroups[].Outputs[].AudioDescriptions[]."

    /// Pattern (as LocalSupport walks it) → the values that are equivalent.
    static let values: [String: Set<String>] = {
        var values: [String: Set<String>] = [
            video + "AfdSignaling": ["NONE"],
            video + "RespondToAfd": ["NONE"],
            video + "TimecodeInsertion": ["DISABLED"],
            video + "ColorMetadata": ["INSERT"],
            video + "AntiAlias": ["ENABLED"],
            audio + "AudioTypeControl": ["FOLLOW_INPUT"],
            audio + "CodecSettings.AacSettings.Specification": ["MPEG4"],
            audio + "CodecSettings.AacSettings.RawFormat": ["NONE"],
            audio + "CodecSettings.AacSettings.CodecProfile": ["LC"],
            audio + "CodecSettings.AacSettings.RateControlMode": ["CBR"],
            audio + "CodecSettings.AacSettings.AudioDescriptionBroadcasterMix": ["NORMAL"],
            "Inputs[].DeblockFilter": ["DISABLED"],
            "Inputs[].DenoiseFilter": ["DISABLED"],
            "Inputs[].FilterEnable": ["AUTO"],
            "Inputs[].FilterStrength": ["0"],
            "Inputs[].PsiControl": ["USE_PSI"],
            "Inputs[].InputScanType": ["AUTO"],
            "Inputs[].VideoSelector.ColorSpace": ["FOLLOW"],
            "Inputs[].VideoSelector.AlphaBehavior": ["DISCARD"],
            "Inputs[].AudioSelectors.*.Offset": ["0"],
            "Inputs[].AudioSelectors.*.ProgramSelection": ["1"],
            "AdAvailOffset": ["0"],
            // The engine follows the first input's resolution, frame rate and pixel aspect.
            "FollowSource": ["1"],
            // An upload without x-amz-storage-class is stored STANDARD.
            "OutputGroups[].OutputGroupSettings.HlsGroupSettings.DestinationSettings.S3Settings.StorageClass": ["STANDARD"],
            "OutputGroups[].OutputGroupSettings.DashIsoGroupSettings.DestinationSettings.S3Settings.StorageClass": ["STANDARD"],
            "OutputGroups[].OutputGroupSettings.FileGroupSettings.DestinationSettings.S3Settings.StorageClass": ["STANDARD"],
            "OutputGroups[].OutputGroupSettings.CmafGroupSettings.DestinationSettings.S3Settings.StorageClass": ["STANDARD"],
            // The mp4 muxer's ctts is version 0 (non-negative offsets); audio lasts its coded frames.
            "OutputGroups[].Outputs[].ContainerSettings.Mp4Settings.CttsVersion": ["0"],
            "OutputGroups[].Outputs[].ContainerSettings.Mp4Settings.AudioDuration": ["DEFAULT_CODEC_DURATION"],
            "OutputGroups[].OutputGroupSettings.DashIsoGroupSettings.HbbtvCompliance": ["NONE"],
            // The mov muxer writes a self-contained file, a clap box for uncompressed video
            // only, no Omneon padding of the edit list.
            "OutputGroups[].Outputs[].ContainerSettings.MovSettings.Reference": ["SELF_CONTAINED"],
            "OutputGroups[].Outputs[].ContainerSettings.MovSettings.ClapAtom": ["EXCLUDE"],
            "OutputGroups[].Outputs[].ContainerSettings.MovSettings.PaddingControl": ["NONE"],
            // RESOLUTION on every video variant; no gzip; no EXT-X-ALLOW-CACHE; no CLOSED-CAPTIONS.
            hls + "StreamInfResolution": ["INCLUDE"],
            hls + "ManifestCompression": ["NONE"],
            hls + "ClientCache": ["ENABLED"],
            hls + "CaptionLanguageSetting": ["OMIT"],
            hls + "TimedMetadataId3Frame": ["NONE"],
            // No ID3, SCTE-35 or Nielsen streams; the ISO 639 descriptor's audio type 0 (undefined).
            m3u8 + "TimedMetadata": ["NONE"],
            m3u8 + "Scte35Source": ["NONE"],
            m3u8 + "NielsenId3": ["NONE"],
            "OutputGroups[].Outputs[].AudioDescriptions[].AudioType": ["0"],
            // Caption sidecars the local engine reads, and captions it burns in.
            "Inputs[].CaptionSelectors.*.SourceSettings.SourceType": ["SRT", "WEBVTT", "TTML"],
            "OutputGroups[].Outputs[].CaptionDescriptions[].DestinationSettings.DestinationType": ["BURN_IN"],
            // DejaVu covers the Latin, Greek and Cyrillic scripts MediaConvert's AUTOMATIC picks for them.
            "OutputGroups[].Outputs[].CaptionDescriptions[].DestinationSettings.BurninDestinationSettings.FontScript": ["AUTOMATIC"],
            // The burn-in's timecode counts from zero or from TimecodeConfig.Start.
            "TimecodeConfig.Source": ["ZEROBASED", "SPECIFIEDSTART"],
        ]
        let codec: [String: Set<String>] = [
            "InterlaceMode": ["PROGRESSIVE"],
            "Telecine": ["NONE"],
            "SlowPal": ["DISABLED"],
            "UnregisteredSeiTimecode": ["DISABLED"],
            "RepeatPps": ["DISABLED"],
            "FlickerAdaptiveQuantization": ["DISABLED"],
            "Syntax": ["DEFAULT"],
            "Softness": ["0"],
            // x264 and x265 never drop a cadence keyframe near a scene cut's.
            "MinIInterval": ["0"],
            // Field coding applies to interlaced outputs; the local engine writes progressive ones.
            "FieldEncoding": ["PAFF", "MBAFF"],
            // The frame rate converter repeats and drops frames.
            "FramerateConversionAlgorithm": ["DUPLICATE_DROP"],
            "HrdBufferInitialFillPercentage": ["90"],
            "AlternateTransferFunctionSei": ["DISABLED"],
        ]
        for settings in ["H264Settings", "H265Settings"] {
            for (member, accepted) in codec { values[video + "CodecSettings.\(settings).\(member)"] = accepted }
        }
        return values
    }()

    private static let hls = "OutputGroups[].OutputGroupSettings.HlsGroupSettings."
    private static let m3u8 = "OutputGroups[].Outputs[].ContainerSettings.M3u8Settings."

    /// Members equivalent whatever their value: a label (`CustomName`, shown in MediaConvert's
    /// console only), the PIDs of streams the local engine never writes (SCTE-35, ID3 timed
    /// metadata, private metadata), settings objects left empty.
    static let anyValue: Set<String> = [
        "OutputGroups[].CustomName", m3u8 + "Scte35Pid", m3u8 + "TimedMetadataPid", m3u8 + "PrivateMetadataPid",
        // Empty: MediaConvert's defaults, which the packager writes (PIDs, audio group).
        "OutputGroups[].Outputs[].ContainerSettings.M3u8Settings", "OutputGroups[].Outputs[].OutputSettings.HlsSettings",
        // Empty: the first program's video, its colour space followed, no rotation; the
        // planner's Destination (a job template's file group).
        "Inputs[].VideoSelector", "OutputGroups[].OutputGroupSettings.FileGroupSettings",
        // Empty: CslgAtom INCLUDE and FreeSpaceBox EXCLUDE (executed), PROGRESSIVE_DOWNLOAD, ctts version 0.
        "OutputGroups[].Outputs[].ContainerSettings.Mp4Settings",
        // MPEG-2 video only, which the local engine does not write (its Codec is warned).
        "OutputGroups[].Outputs[].ContainerSettings.MovSettings.Mpeg2FourCCControl",
    ]

    /// `TimedMetadataId3Frame` and `TimedMetadataId3Period` take effect only with an output's
    /// `M3u8Settings.TimedMetadata` PASSTHROUGH ("To include ID3 timestamps: Specify PRIV or
    /// TDRL and set ID3 metadata to Passthrough"): without one, MediaConvert writes no ID3
    /// timestamps, nor does the local engine (LocalSupport checks the template).
    static let id3Timestamps: Set<String> = [hls + "TimedMetadataId3Frame", hls + "TimedMetadataId3Period"]

    /// Whether `value` at `pattern` is what the engine does anyway.
    static func isEquivalent(_ pattern: String, _ value: JSONValue) -> Bool {
        if anyValue.contains(pattern) { return true }
        guard let accepted = values[pattern] else { return false }
        switch value {
        case .string(let text), .number(let text): return accepted.contains(text)
        case .bool(let flag): return accepted.contains(flag ? "true" : "false")
        default: return false
        }
    }
}

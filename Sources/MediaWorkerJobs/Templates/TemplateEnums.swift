/// The MediaConvert enum values media-worker checks (from the 2017-08-29 API model).
enum TemplateEnums {
    static let groupTypes = ["HLS_GROUP_SETTINGS", "DASH_ISO_GROUP_SETTINGS", "FILE_GROUP_SETTINGS", "MS_SMOOTH_GROUP_SETTINGS", "CMAF_GROUP_SETTINGS"]
    /// The `OutputGroupSettings` member of each group type (where its `Destination` is).
    static let groupSettingsMembers = [
        "HLS_GROUP_SETTINGS": "HlsGroupSettings", "DASH_ISO_GROUP_SETTINGS": "DashIsoGroupSettings", "FILE_GROUP_SETTINGS": "FileGroupSettings",
        "MS_SMOOTH_GROUP_SETTINGS": "MsSmoothGroupSettings", "CMAF_GROUP_SETTINGS": "CmafGroupSettings",
    ]
    /// The streaming group types automated ABR works in.
    static let automatedABRGroupTypes = ["HLS_GROUP_SETTINGS", "DASH_ISO_GROUP_SETTINGS", "CMAF_GROUP_SETTINGS", "MS_SMOOTH_GROUP_SETTINGS"]
    static let videoCodecs = ["AV1", "AVC_INTRA", "FRAME_CAPTURE", "GIF", "H_264", "H_265", "MPEG2", "PASSTHROUGH", "PRORES", "UNCOMPRESSED", "VC3", "VP8", "VP9", "XAVC"]
    static let audioCodecs = ["AAC", "MP2", "MP3", "WAV", "AIFF", "AC3", "AC4", "EAC3", "EAC3_ATMOS", "VORBIS", "OPUS", "PASSTHROUGH", "FLAC"]
    static let containers = ["F4V", "GIF", "ISMV", "M2TS", "M3U8", "CMFC", "MOV", "MP4", "MPD", "MXF", "OGG", "WEBM", "RAW", "Y4M"]
    /// The `CodecSettings` member of each codec the local engine encodes.
    static let videoSettingsMembers = ["H_264": "H264Settings", "H_265": "H265Settings", "AV1": "Av1Settings", "VP9": "Vp9Settings"]
    static let h265Profiles = [
        "MAIN_MAIN", "MAIN_HIGH", "MAIN10_MAIN", "MAIN10_HIGH", "MAIN_422_8BIT_MAIN", "MAIN_422_8BIT_HIGH", "MAIN_422_10BIT_MAIN",
        "MAIN_422_10BIT_HIGH", "MAIN_444_8BIT_MAIN", "MAIN_444_8BIT_HIGH", "MAIN_444_10BIT_MAIN", "MAIN_444_10BIT_HIGH",
        "MAIN_INTRA_8BIT_MAIN", "MAIN_INTRA_8BIT_HIGH", "MAIN_INTRA_10BIT_MAIN", "MAIN_INTRA_10BIT_HIGH",
    ]
    static let h265Levels = [
        "AUTO", "LEVEL_1", "LEVEL_2", "LEVEL_2_1", "LEVEL_3", "LEVEL_3_1", "LEVEL_4", "LEVEL_4_1", "LEVEL_5", "LEVEL_5_1", "LEVEL_5_2",
        "LEVEL_6", "LEVEL_6_1", "LEVEL_6_2",
    ]
    /// `ColorCorrector.ColorSpaceConversion` (botocore's model).
    static let colorSpaceConversions = ["NONE", "FORCE_601", "FORCE_709", "FORCE_HDR10", "FORCE_HLG_2020", "FORCE_P3DCI", "FORCE_P3D65_SDR", "FORCE_P3D65_HDR"]
    static let scalingBehaviors = ["DEFAULT", "STRETCH_TO_OUTPUT", "FIT", "FIT_NO_UPSCALE", "FILL"]
    static let rateControlModes = ["VBR", "CBR", "QVBR"]
    static let gopSizeUnits = ["FRAMES", "SECONDS", "AUTO"]
    static let profiles = ["BASELINE", "HIGH", "HIGH_10BIT", "HIGH_422", "HIGH_422_10BIT", "MAIN"]
    static let levels = [
        "AUTO", "LEVEL_1", "LEVEL_1_1", "LEVEL_1_2", "LEVEL_1_3", "LEVEL_2", "LEVEL_2_1", "LEVEL_2_2", "LEVEL_3", "LEVEL_3_1", "LEVEL_3_2",
        "LEVEL_4", "LEVEL_4_1", "LEVEL_4_2", "LEVEL_5", "LEVEL_5_1", "LEVEL_5_2",
    ]
    static let framerateControls = ["INITIALIZE_FROM_SOURCE", "SPECIFIED"]
    static let codingModes = ["AD_RECEIVER_MIX", "CODING_MODE_1_0", "CODING_MODE_1_1", "CODING_MODE_2_0", "CODING_MODE_5_1", "CODING_MODE_AUTO"]
    static let accelerationModes = ["DISABLED", "ENABLED", "PREFERRED"]
    static let statusUpdateIntervals = [
        "SECONDS_10", "SECONDS_12", "SECONDS_15", "SECONDS_20", "SECONDS_30", "SECONDS_60", "SECONDS_120", "SECONDS_180", "SECONDS_240",
        "SECONDS_300", "SECONDS_360", "SECONDS_420", "SECONDS_480", "SECONDS_540", "SECONDS_600",
    ]
    static let bitrateRange = 1000...1_152_000_000
}

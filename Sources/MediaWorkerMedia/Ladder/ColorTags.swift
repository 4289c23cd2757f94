internal import CFFmpeg

/// The colour description copied from the source to the renditions.
struct ColorTags {
    var primaries: AVColorPrimaries = AVCOL_PRI_UNSPECIFIED
    var transfer: AVColorTransferCharacteristic = AVCOL_TRC_UNSPECIFIED
    var space: AVColorSpace = AVCOL_SPC_UNSPECIFIED

    init(_ parameters: AVCodecParameters) {
        primaries = parameters.color_primaries
        transfer = parameters.color_trc
        space = parameters.color_space
        if space == AVCOL_SPC_RGB { space = AVCOL_SPC_UNSPECIFIED }
    }
}

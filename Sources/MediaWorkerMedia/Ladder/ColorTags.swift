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

    /// libavutil's names of the three (`bt2020`, `smpte2084`, `bt2020nc`), `nil` where unspecified.
    var names: (primaries: String?, transfer: String?, matrix: String?) {
        func name(_ pointer: UnsafePointer<CChar>?, unspecified: Bool) -> String? { unspecified ? nil : pointer.map { String(cString: $0) } }
        return (
            name(av_color_primaries_name(primaries), unspecified: primaries == AVCOL_PRI_UNSPECIFIED),
            name(av_color_transfer_name(transfer), unspecified: transfer == AVCOL_TRC_UNSPECIFIED),
            name(av_color_space_name(space), unspecified: space == AVCOL_SPC_UNSPECIFIED)
        )
    }

    /// The tags an output carries after `correction`: its target's, or these.
    func corrected(by correction: ColorCorrection?) -> ColorTags {
        guard let target = correction?.target else { return self }
        var tags = self
        tags.primaries = target.primaries == "bt470bg" ? AVCOL_PRI_BT470BG : AVCOL_PRI_BT709
        tags.transfer = AVCOL_TRC_BT709
        tags.space = target.matrix == "bt470bg" ? AVCOL_SPC_BT470BG : AVCOL_SPC_BT709
        return tags
    }
}

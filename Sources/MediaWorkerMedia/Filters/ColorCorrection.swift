/// MediaConvert's `ColorCorrector` preprocessor as libavfilter filters, on the upright source
/// pictures (before the noise reducer, cropping and scaling): the colour space conversion
/// (with HDR-to-SDR tone mapping when an HDR10 or HLG source goes to BT.709 or BT.601), then
/// brightness, contrast, saturation and hue.
public struct ColorCorrection: Sendable, Equatable, Codable {
    /// `ColorSpaceConversion`, as far as the local engine executes it.
    public enum Conversion: String, Sendable, Equatable, Codable, CaseIterable {
        /// The source's colour space is kept (MediaConvert's default).
        case none = "NONE"
        case force601 = "FORCE_601"
        case force709 = "FORCE_709"
    }

    /// `HdrToSdrToneMapper`: how an HDR source's highlights are brought into SDR.
    public enum ToneMapper: String, Sendable, Equatable, Codable, CaseIterable {
        /// libavfilter's `tonemap=hable`: highlight detail kept, a flatter picture.
        case preserveDetails = "PRESERVE_DETAILS"
        /// `tonemap=mobius`: mid-tones and saturation kept, highlights clipped sooner.
        case vibrant = "VIBRANT"
    }

    public var conversion: Conversion
    public var toneMapper: ToneMapper
    /// `SdrReferenceWhiteLevel` (nits the SDR white is mapped from, 100…1000).
    public var sdrReferenceWhiteLevel: Int
    /// `Brightness`, `Contrast`, `Saturation` (1…100, 50 leaves the picture as it is) and
    /// `Hue` (−180…180 degrees).
    public var brightness: Int
    public var contrast: Int
    public var saturation: Int
    public var hue: Int

    public init(
        conversion: Conversion = .none, toneMapper: ToneMapper = .preserveDetails, sdrReferenceWhiteLevel: Int = 100, brightness: Int = 50,
        contrast: Int = 50, saturation: Int = 50, hue: Int = 0
    ) {
        self.conversion = conversion
        self.toneMapper = toneMapper
        self.sdrReferenceWhiteLevel = sdrReferenceWhiteLevel
        self.brightness = brightness
        self.contrast = contrast
        self.saturation = saturation
        self.hue = hue
    }

    /// The colour description the output carries: BT.709 or BT.601 (625-line primaries) for a
    /// forced conversion, `nil` to keep the source's.
    public var target: (primaries: String, transfer: String, matrix: String)? {
        switch conversion {
        case .none: return nil
        case .force709: return ("bt709", "bt709", "bt709")
        case .force601: return ("bt470bg", "bt709", "bt470bg")
        }
    }

    /// The filter chain for a source whose colour description is `source` (libavutil's names:
    /// transfer `smpte2084` for HDR10, `arib-std-b67` for HLG; `nil` where untagged), or `nil`
    /// when nothing changes. An HDR source forced to SDR is linearised (its SDR white at
    /// `sdrReferenceWhiteLevel` nits), tone mapped in 32-bit float RGB and re-encoded with the
    /// target's primaries, transfer and matrix (zscale). A tagged SDR source in another space
    /// is converted by the `colorspace` filter; an untagged one is taken to be in the target's
    /// space and only tagged.
    public func filter(source: (primaries: String?, transfer: String?, matrix: String?)) -> String? {
        var filters: [String] = []
        if let target {
            if let transfer = source.transfer, ["smpte2084", "arib-std-b67"].contains(transfer) {
                let mapper = toneMapper == .vibrant ? "mobius" : "hable"
                let matrix = target.matrix == "bt470bg" ? "470bg" : "709"
                filters.append(
                    "zscale=tin=\(transfer):pin=\(source.primaries ?? "bt2020"):min=\(source.matrix ?? "bt2020nc"):t=linear:npl=\(sdrReferenceWhiteLevel),format=gbrpf32le,zscale=p=\(target.primaries),tonemap=\(mapper):desat=0,"
                        + "zscale=t=709:m=\(matrix):r=tv,format=yuv444p16le")
            } else if let matrix = source.matrix, matrix != target.matrix, !(target.matrix == "bt470bg" && matrix == "smpte170m") {
                filters.append("colorspace=all=\(target.matrix == "bt470bg" ? "bt601-6-625" : "bt709"):format=yuv444p12")
            }
        }
        if brightness != 50 || contrast != 50 || saturation != 50 {
            let b = Double(brightness - 50) / 100
            let c = Double(contrast) / 50
            let s = Double(saturation) / 50
            filters.append("eq=brightness=\(b):contrast=\(c):saturation=\(s)")
        }
        if hue != 0 { filters.append("hue=h=\(hue)") }
        return filters.isEmpty ? nil : filters.joined(separator: ",")
    }
}

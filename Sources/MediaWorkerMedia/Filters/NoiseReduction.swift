/// MediaConvert's `NoiseReducer` preprocessor as its closest libavfilter filter, on the
/// upright source pictures (before cropping and scaling).
public struct NoiseReduction: Sendable, Equatable, Codable {
    /// `Filter`.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// A box mean: `avgblur`.
        case mean = "MEAN"
        /// `gblur`.
        case gaussian = "GAUSSIAN"
        /// A low-pass that keeps edges: `hqdn3d`, spatial only.
        case lanczos = "LANCZOS"
        /// `unsharp` (sharpens instead of smoothing).
        case sharpen = "SHARPEN"
        /// Conservative smoothing (outliers pulled to their neighbours): a 3×3 `median`.
        case conserve = "CONSERVE"
        /// `bilateral`.
        case bilateral = "BILATERAL"
        /// Non-local means: `nlmeans`, then `unsharp` for `PostFilterSharpenStrength`.
        case spatial = "SPATIAL"
        /// Recursive temporal smoothing: `hqdn3d`, temporal only (one picture in, one out).
        case temporal = "TEMPORAL"
    }

    public var kind: Kind
    /// `FilterSettings.Strength` (0…3) for the convolution filters, `SpatialFilterSettings`
    /// or `TemporalFilterSettings` `Strength` (0…16) for SPATIAL and TEMPORAL.
    public var strength: Int
    /// `SpatialFilterSettings.PostFilterSharpenStrength` (0…3).
    public var postSharpenStrength: Int

    public init(kind: Kind, strength: Int = 0, postSharpenStrength: Int = 0) {
        self.kind = kind
        self.strength = strength
        self.postSharpenStrength = postSharpenStrength
    }

    /// The filter chain; every filter gives one picture for each it is given.
    public var filter: String {
        let s = Double(max(0, strength))
        switch kind {
        case .mean: return "avgblur=sizeX=\(1 + strength)"
        case .gaussian: return "gblur=sigma=\(0.5 + 0.5 * s)"
        case .lanczos: return "hqdn3d=luma_spatial=\(2 + 2 * s):chroma_spatial=\(1.5 + 1.5 * s):luma_tmp=0:chroma_tmp=0"
        case .sharpen: return "unsharp=la=\(0.5 + 0.5 * s):ca=0"
        case .conserve: return "median=radius=1"
        case .bilateral: return "bilateral=sigmaS=\(0.5 + 0.5 * s):sigmaR=\(0.05 + 0.05 * s)"
        case .spatial:
            let denoise = "nlmeans=s=\(1 + 0.75 * s)"
            return postSharpenStrength > 0 ? denoise + ",unsharp=la=\(0.25 * Double(postSharpenStrength)):ca=0" : denoise
        case .temporal:
            return "hqdn3d=luma_spatial=0:chroma_spatial=0:luma_tmp=\(3 + s):chroma_tmp=\(2.25 + 0.75 * s)"
        }
    }
}

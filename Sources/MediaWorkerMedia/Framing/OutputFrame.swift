/// The picture an output asks for in so many words: a `Width`×`Height` frame, how the
/// source fills it (`ScalingBehavior`), the part of the source it shows (`Crop`), where that
/// goes in the frame (`Position`), and the scaler's anti-alias filter (`AntiAlias`,
/// `Sharpness`). Rectangles are in upright display pixels (after rotation and the sample
/// aspect). Without one, a rendition is a rung that follows the source's shape.
public struct OutputFrame: Sendable, Equatable, Codable {
    /// MediaConvert's `ScalingBehavior`.
    public enum Scaling: String, Sendable, Equatable, Codable {
        /// Fit inside the frame keeping the aspect ratio, then pad (black) to the frame.
        case fitWithPadding = "DEFAULT"
        /// Scale to the frame, distorting the aspect ratio.
        case stretch = "STRETCH_TO_OUTPUT"
        /// Fit inside the frame keeping the aspect ratio, no padding (the file is the fitted size).
        case fit = "FIT"
        /// As `fit`, but never larger than the source.
        case fitNoUpscale = "FIT_NO_UPSCALE"
        /// Cover the frame keeping the aspect ratio, cropping the centre.
        case fill = "FILL"
    }

    /// A rectangle in pixels.
    public struct Rect: Sendable, Equatable, Codable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int

        public init(x: Int = 0, y: Int = 0, width: Int, height: Int) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    public var width: Int
    public var height: Int
    public var scaling: Scaling
    /// The part of the source shown; `nil` for all of it.
    public var crop: Rect?
    /// Where the (cropped) source goes in the frame, stretched to it; the rest is black.
    /// It overrides `scaling`.
    public var position: Rect?
    /// `false` (AntiAlias DISABLED): nearest-neighbour scaling.
    public var antiAlias: Bool
    /// 0 (softest) … 100 (sharpest), 50 by default: the bicubic kernel's sharpness.
    public var sharpness: Int

    public init(width: Int, height: Int, scaling: Scaling = .fitWithPadding, crop: Rect? = nil, position: Rect? = nil, antiAlias: Bool = true, sharpness: Int = 50) {
        self.width = width
        self.height = height
        self.scaling = scaling
        self.crop = crop
        self.position = position
        self.antiAlias = antiAlias
        self.sharpness = sharpness
    }
}

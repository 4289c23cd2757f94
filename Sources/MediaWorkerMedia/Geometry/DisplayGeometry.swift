/// How a video stream's coded pictures turn into what a viewer sees: the sample aspect
/// ratio stretches them, then the display matrix rotates them.
public struct DisplayGeometry: Sendable, Equatable {
    public var codedWidth: Int
    public var codedHeight: Int
    /// Sample (pixel) aspect ratio; 1:1 when unknown.
    public var sampleAspect: (num: Int, den: Int)
    /// Clockwise degrees: 0, 90, 180 or 270.
    public var rotation: Int

    public init(codedWidth: Int, codedHeight: Int, sampleAspect: (num: Int, den: Int) = (1, 1), rotation: Int = 0) {
        self.codedWidth = codedWidth
        self.codedHeight = codedHeight
        self.sampleAspect = sampleAspect.num > 0 && sampleAspect.den > 0 ? sampleAspect : (1, 1)
        self.rotation = Self.normalize(rotation)
    }

    public static func == (lhs: DisplayGeometry, rhs: DisplayGeometry) -> Bool {
        lhs.codedWidth == rhs.codedWidth && lhs.codedHeight == rhs.codedHeight && lhs.rotation == rhs.rotation
            && lhs.sampleAspect.num * rhs.sampleAspect.den == rhs.sampleAspect.num * lhs.sampleAspect.den
    }

    /// Rounds any angle to the nearest quarter turn in 0..<360.
    public static func normalize(_ degrees: Int) -> Int {
        let quarter = Int((Double(degrees) / 90).rounded()) * 90
        return ((quarter % 360) + 360) % 360
    }

    /// Whether the picture turns sideways (90 or 270 degrees).
    public var isSideways: Bool { rotation == 90 || rotation == 270 }

    /// Width with the sample aspect applied, before rotation.
    public var squareWidth: Double { Double(codedWidth) * Double(sampleAspect.num) / Double(sampleAspect.den) }

    /// The displayed size in square pixels, rounded.
    public var displaySize: (width: Int, height: Int) {
        let width = Int(squareWidth.rounded())
        return isSideways ? (codedHeight, width) : (width, codedHeight)
    }

    /// The size to scale coded pictures to so that, after rotation, the picture fits
    /// `targetShortSide` on its shorter side (never upscaled), with even dimensions and the
    /// display aspect kept. Returns the pre-rotation size (what the scaler produces).
    public func scaledSize(shortSide targetShortSide: Int) -> (width: Int, height: Int) {
        let display = displaySize
        let shortSide = min(display.width, display.height)
        let scale = min(1.0, Double(targetShortSide) / Double(shortSide))
        let outWidth = Self.even(Double(display.width) * scale, limit: display.width)
        let outHeight = Self.even(Double(display.height) * scale, limit: display.height)
        return isSideways ? (outHeight, outWidth) : (outWidth, outHeight)
    }

    /// The nearest even number to `value`, at least 2, never above `limit` (no upscaling).
    static func even(_ value: Double, limit: Int) -> Int {
        var result = Int((value / 2).rounded()) * 2
        if result > limit { result -= 2 }
        return max(2, result)
    }

    /// The size that fits inside `maxWidth`×`maxHeight` after rotation, keeping the display
    /// aspect, never upscaled, even; pre-rotation like `scaledSize`.
    public func fittedSize(maxWidth: Int, maxHeight: Int) -> (width: Int, height: Int) {
        let display = displaySize
        let scale = min(1.0, Double(maxWidth) / Double(display.width), Double(maxHeight) / Double(display.height))
        let outWidth = Self.even(Double(display.width) * scale, limit: display.width)
        let outHeight = Self.even(Double(display.height) * scale, limit: display.height)
        return isSideways ? (outHeight, outWidth) : (outWidth, outHeight)
    }
}

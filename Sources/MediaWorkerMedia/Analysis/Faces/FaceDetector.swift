/// OpenCV's `CascadeClassifier::detectMultiScale` for a BOOST/HAAR cascade, in Swift: the
/// picture scaled down by `scaleFactor` steps (bilinear), an integral and squared integral
/// image per scale, the trained window slid over each (every 2 pixels below scale 2, every
/// pixel from 2; one more pixel skipped after a window the first stage rejects), each window's
/// features normalised by its standard deviation (OpenCV's inner rectangle, a window with a
/// deviation under 10 grey levels rejected), then the detections grouped as
/// `groupRectangles` groups them (`minNeighbors`, eps 0.2).
public struct FaceDetector: Sendable {
    public let cascade: HaarCascade
    /// Each scale is this much larger than the last. Default 1.1, as OpenCV's.
    public var scaleFactor: Double
    /// A face needs more than this many raw detections. Default 3, as OpenCV's.
    public var minNeighbors: Int
    /// Faces narrower than this (pixels) are not looked for; 0 looks from the cascade's window.
    public var minimumWidth: Int

    public init(cascade: HaarCascade, scaleFactor: Double = 1.1, minNeighbors: Int = 3, minimumWidth: Int = 0) {
        self.cascade = cascade
        self.scaleFactor = scaleFactor
        self.minNeighbors = minNeighbors
        self.minimumWidth = minimumWidth
    }

    /// The faces in a grey picture (`pixels` row-major, one byte each).
    public func detect(_ pixels: [UInt8], width: Int, height: Int) -> [DetectedFace] {
        var cache: [Int: CompiledCascade] = [:]
        return detect(pixels, width: width, height: height, cache: &cache)
    }

    /// The faces, with the cascade laid out per stride kept in `cache` for the next picture of
    /// the same size.
    func detect(_ pixels: [UInt8], width: Int, height: Int, cache: inout [Int: CompiledCascade]) -> [DetectedFace] {
        RectangleGrouping.group(candidates(pixels, width: width, height: height, cache: &cache), threshold: minNeighbors, eps: 0.2)
    }

    /// The raw detections, before grouping: x, y, width, height in picture pixels.
    func candidates(_ pixels: [UInt8], width: Int, height: Int) -> [(x: Int, y: Int, width: Int, height: Int)] {
        var cache: [Int: CompiledCascade] = [:]
        return candidates(pixels, width: width, height: height, cache: &cache)
    }

    private func candidates(_ pixels: [UInt8], width: Int, height: Int, cache: inout [Int: CompiledCascade]) -> [(x: Int, y: Int, width: Int, height: Int)] {
        let window = (width: cascade.windowWidth, height: cascade.windowHeight)
        guard width >= window.width, height >= window.height, pixels.count >= width * height else { return [] }
        var scales: [Float] = []
        var factor = 1.0
        while true {
            let w = Int((Double(window.width) * factor).rounded(.toNearestOrEven))
            let h = Int((Double(window.height) * factor).rounded(.toNearestOrEven))
            if w > width || h > height { break }
            if w >= minimumWidth { scales.append(Float(factor)) }
            factor *= scaleFactor
        }
        var found: [(x: Int, y: Int, width: Int, height: Int)] = []
        for scale in scales {
            // OpenCV computes these in float.
            let scaledWidth = max(0, Int((Float(width) / scale).rounded(.toNearestOrEven)))
            let scaledHeight = max(0, Int((Float(height) / scale).rounded(.toNearestOrEven)))
            guard scaledWidth >= window.width + 1, scaledHeight >= window.height + 1 else { continue }
            let scaled = LinearResize.resize(pixels, width: width, height: height, toWidth: scaledWidth, toHeight: scaledHeight)
            let integral = IntegralImage(scaled, width: scaledWidth, height: scaledHeight)
            let step = scale >= 2 ? 1 : 2
            let boxWidth = Int((Float(window.width) * scale).rounded(.toNearestOrEven))
            let boxHeight = Int((Float(window.height) * scale).rounded(.toNearestOrEven))
            // OpenCV's working size: x + window < scaled width + 1, and setWindow wants it strictly inside.
            let lastX = scaledWidth - window.width
            let lastY = scaledHeight - window.height
            let compiled = cache[scaledWidth + 1] ?? CompiledCascade(cascade, stride: scaledWidth + 1)
            cache[scaledWidth + 1] = compiled
            integral.sums.withUnsafeBufferPointer { sums in
                var y = 0
                while y < lastY + 1 {
                    var x = 0
                    while x < lastX + 1 {
                        let result = evaluate(integral, compiled, sums, x: x, y: y)
                        if result > 0 {
                            found.append((Int((Float(x) * scale).rounded(.toNearestOrEven)), Int((Float(y) * scale).rounded(.toNearestOrEven)), boxWidth, boxHeight))
                        }
                        if result == 0 { x += step }
                        x += step
                    }
                    y += step
                }
            }
        }
        return found
    }

    /// 1 when every stage passes, −1 when the window is refused (too flat or outside), else
    /// minus the index of the stage that rejected it, as OpenCV's `runAt`.
    private func evaluate(_ integral: IntegralImage, _ compiled: CompiledCascade, _ sums: UnsafeBufferPointer<Int32>, x: Int, y: Int) -> Int {
        let w = cascade.windowWidth
        let h = cascade.windowHeight
        guard x >= 0, y >= 0, x + w < integral.width + 1, y + h < integral.height + 1 else { return -1 }
        // OpenCV's normrect: the window less a one-pixel border.
        let area = Double((w - 2) * (h - 2))
        let sum = Double(integral.sum(x: x + 1, y: y + 1, width: w - 2, height: h - 2))
        let squares = Double(integral.squares(x: x + 1, y: y + 1, width: w - 2, height: h - 2))
        var nf = area * squares - sum * sum
        guard nf > 0 else { return -1 }
        nf = nf.squareRoot()
        let normFactor = Float(1 / nf)
        guard area * Double(normFactor) < 0.1 else { return -1 }
        return compiled.run(sums, origin: y * (integral.width + 1) + x, normFactor: normFactor)
    }
}

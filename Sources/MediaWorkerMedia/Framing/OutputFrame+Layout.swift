/// Where the source lands in the frame, and the libavfilter chain that puts it there.
extension OutputFrame {
    /// The computed placement, in upright display pixels (all even).
    public struct Layout: Sendable, Equatable {
        /// The part of the source used (the whole picture without `Crop`).
        public var crop: Rect
        /// The size the cropped source is scaled to.
        public var scaledWidth: Int
        public var scaledHeight: Int
        /// The scaled picture's offset in the file: positive pads (black), negative crops (FILL).
        public var x: Int
        public var y: Int
        /// The file's picture size.
        public var fileWidth: Int
        public var fileHeight: Int
    }

    /// The layout for a source of `geometry`.
    public func layout(for geometry: DisplayGeometry) -> Layout {
        let display = geometry.displaySize
        let crop = Self.clamped(crop ?? Rect(width: display.width, height: display.height), width: display.width, height: display.height)
        let frameWidth = Self.even(width)
        let frameHeight = Self.even(height)
        let cw = Double(crop.width)
        let ch = Double(crop.height)
        if let position {
            let placed = Self.clamped(position, width: frameWidth, height: frameHeight)
            return Layout(crop: crop, scaledWidth: placed.width, scaledHeight: placed.height, x: placed.x, y: placed.y, fileWidth: frameWidth, fileHeight: frameHeight)
        }
        let fitScale = min(Double(frameWidth) / cw, Double(frameHeight) / ch)
        switch scaling {
        case .stretch:
            return Layout(crop: crop, scaledWidth: frameWidth, scaledHeight: frameHeight, x: 0, y: 0, fileWidth: frameWidth, fileHeight: frameHeight)
        case .fitWithPadding:
            let w = min(frameWidth, Self.even(cw * fitScale))
            let h = min(frameHeight, Self.even(ch * fitScale))
            return Layout(crop: crop, scaledWidth: w, scaledHeight: h, x: Self.evenFloor((frameWidth - w) / 2), y: Self.evenFloor((frameHeight - h) / 2),
                          fileWidth: frameWidth, fileHeight: frameHeight)
        case .fit, .fitNoUpscale:
            let scale = scaling == .fitNoUpscale ? min(1, fitScale) : fitScale
            let w = min(frameWidth, Self.even(cw * scale))
            let h = min(frameHeight, Self.even(ch * scale))
            return Layout(crop: crop, scaledWidth: w, scaledHeight: h, x: 0, y: 0, fileWidth: w, fileHeight: h)
        case .fill:
            let scale = max(Double(frameWidth) / cw, Double(frameHeight) / ch)
            let w = max(frameWidth, Self.even(cw * scale))
            let h = max(frameHeight, Self.even(ch * scale))
            return Layout(crop: crop, scaledWidth: w, scaledHeight: h, x: -Self.evenFloor((w - frameWidth) / 2), y: -Self.evenFloor((h - frameHeight) / 2),
                          fileWidth: frameWidth, fileHeight: frameHeight)
        }
    }

    /// The file's picture size for a source of `geometry`.
    public func fileSize(for geometry: DisplayGeometry) -> (width: Int, height: Int) {
        let layout = layout(for: geometry)
        return (layout.fileWidth, layout.fileHeight)
    }

    /// The libavfilter chain from the source's coded pictures to the file's upright pictures in
    /// `pixelFormat`: square pixels, rotation, `sourceFilter` (on the upright source), crop,
    /// scale, pad or crop, format.
    public func filterDescription(for geometry: DisplayGeometry, pixelFormat: String = "yuv420p", sourceFilter: String? = nil) -> String {
        let layout = layout(for: geometry)
        var filters: [String] = []
        let flags = scaleFlags
        if geometry.sampleAspect.num != geometry.sampleAspect.den {
            filters.append("scale=\(Self.even(geometry.squareWidth)):\(geometry.codedHeight):\(flags),setsar=1")
        }
        switch geometry.rotation {
        case 90: filters.append("transpose=clock")
        case 180: filters.append("hflip,vflip")
        case 270: filters.append("transpose=cclock")
        default: break
        }
        if let sourceFilter { filters.append(sourceFilter) }
        let display = geometry.displaySize
        let crop = layout.crop
        if crop != Rect(width: display.width, height: display.height) {
            filters.append("crop=\(crop.width):\(crop.height):\(crop.x):\(crop.y)")
        }
        filters.append("scale=\(layout.scaledWidth):\(layout.scaledHeight):\(flags):out_range=tv")
        if layout.x < 0 || layout.y < 0 {
            filters.append("crop=\(layout.fileWidth):\(layout.fileHeight):\(-layout.x):\(-layout.y)")
        } else if layout.fileWidth != layout.scaledWidth || layout.fileHeight != layout.scaledHeight {
            filters.append("pad=\(layout.fileWidth):\(layout.fileHeight):\(layout.x):\(layout.y):black")
        }
        filters.append("setsar=1,format=\(pixelFormat)")
        return filters.joined(separator: ",")
    }

    /// `AntiAlias` DISABLED: nearest neighbour; otherwise bicubic (B = 0) with C from
    /// `Sharpness`: 0.012 × sharpness (50 → 0.6, swscale's default; 0 → the softest).
    var scaleFlags: String {
        guard antiAlias else { return "flags=neighbor" }
        let c = min(1.0, 0.012 * Double(min(100, max(0, sharpness))))
        return "flags=bicubic:param0=0:param1=\(c)"
    }

    /// The rectangle inside `width`×`height`, on even pixels, at least 2×2.
    static func clamped(_ rect: Rect, width: Int, height: Int) -> Rect {
        let x = evenFloor(min(max(0, rect.x), width - 2))
        let y = evenFloor(min(max(0, rect.y), height - 2))
        let w = max(2, evenFloor(min(rect.width, width - x)))
        let h = max(2, evenFloor(min(rect.height, height - y)))
        return Rect(x: x, y: y, width: w, height: h)
    }

    static func even(_ value: Int) -> Int { max(2, evenFloor(value)) }
    static func even(_ value: Double) -> Int { max(2, Int((value / 2).rounded()) * 2) }
    static func evenFloor(_ value: Int) -> Int { value / 2 * 2 }
}

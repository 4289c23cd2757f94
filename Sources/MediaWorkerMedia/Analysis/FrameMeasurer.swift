/// Measures consecutive grey pictures: brightness, motion, histogram change and the region
/// that moved (the subject of frames without faces: a screen recording's cursor, a ball).
struct FrameMeasurer {
    private var previous: [UInt8] = []
    private var previousHistogram: [Double] = []
    /// A pixel whose luma changes by more than this has moved.
    static let movedLevel = 24
    /// Less than this fraction of moved pixels is noise, not a moving region.
    static let minimumMovedFraction = 0.002

    /// `pixels` row-major, `width`×`height`, one byte each.
    mutating func measure(_ pixels: [UInt8], width: Int, height: Int, time: Double) -> MeasuredFrame {
        let count = max(1, pixels.count)
        var histogram = [Double](repeating: 0, count: 32)
        var sum = 0
        for value in pixels {
            sum += Int(value)
            histogram[Int(value) >> 3] += 1
        }
        for index in histogram.indices { histogram[index] /= Double(count) }
        var motion = 0.0
        var change = 0.0
        var moving: [Double]?
        if previous.count == pixels.count {
            var difference = 0
            var moved = 0
            var (minX, minY, maxX, maxY) = (width, height, -1, -1)
            var (sumX, sumY) = (0, 0)
            for y in 0..<height {
                let row = y * width
                for x in 0..<width {
                    let delta = abs(Int(pixels[row + x]) - Int(previous[row + x]))
                    difference += delta
                    if delta > Self.movedLevel {
                        moved += 1
                        sumX += x
                        sumY += y
                        minX = min(minX, x); maxX = max(maxX, x)
                        minY = min(minY, y); maxY = max(maxY, y)
                    }
                }
            }
            motion = Double(difference) / Double(count) / 255
            change = zip(histogram, previousHistogram).reduce(0) { $0 + abs($1.0 - $1.1) } / 2
            if Double(moved) / Double(count) >= Self.minimumMovedFraction {
                // The centroid of what moved; the box spans it, at most half the picture wide.
                let cx = Double(sumX) / Double(moved) / Double(width)
                let cy = Double(sumY) / Double(moved) / Double(height)
                let w = min(0.5, Double(maxX - minX + 1) / Double(width))
                let h = min(1, Double(maxY - minY + 1) / Double(height))
                moving = [cx, cy, w, h]
            }
        }
        previous = pixels
        previousHistogram = histogram
        return MeasuredFrame(time: time, brightness: Double(sum) / Double(count) / 255, motion: motion, change: change, moving: moving)
    }
}

/// OpenCV's `resize` with `INTER_LINEAR` for 8-bit grey pictures: pixel centres aligned
/// (`(d + 0.5) · scale − 0.5`), edges clamped, 11-bit fixed-point weights, the two passes
/// rounded as its scalar path rounds them. OpenCV's vector path rounds the vertical pass
/// slightly differently, so a pixel may differ by one level.
enum LinearResize {
    static let coefficientBits = 11
    static let coefficientScale = 1 << coefficientBits

    static func resize(_ pixels: [UInt8], width: Int, height: Int, toWidth: Int, toHeight: Int) -> [UInt8] {
        if toWidth == width && toHeight == height { return pixels }
        let xs = taps(source: width, destination: toWidth)
        let ys = taps(source: height, destination: toHeight)
        // The horizontal pass of every source row that is used, kept as Int.
        var rows = [[Int]?](repeating: nil, count: height)
        func row(_ y: Int) -> [Int] {
            if let done = rows[y] { return done }
            let base = y * width
            let line = xs.map { tap in Int(pixels[base + tap.index]) * tap.weight0 + Int(pixels[base + min(width - 1, tap.index + 1)]) * tap.weight1 }
            rows[y] = line
            return line
        }
        var output = [UInt8](repeating: 0, count: toWidth * toHeight)
        let shift = coefficientBits * 2
        for (dy, tap) in ys.enumerated() {
            let top = row(tap.index)
            let bottom = row(min(height - 1, tap.index + 1))
            for dx in 0..<toWidth {
                let value = (top[dx] * tap.weight0 + bottom[dx] * tap.weight1 + (1 << (shift - 1))) >> shift
                output[dy * toWidth + dx] = UInt8(max(0, min(255, value)))
            }
        }
        return output
    }

    private static func taps(source: Int, destination: Int) -> [(index: Int, weight0: Int, weight1: Int)] {
        let scale = Double(source) / Double(destination)
        return (0..<destination).map { d in
            let f = (Double(d) + 0.5) * scale - 0.5
            var index = Int(f.rounded(.down))
            var fraction = f - Double(index)
            if index < 0 {
                index = 0
                fraction = 0
            }
            if index >= source - 1 {
                index = source - 1
                fraction = 0
            }
            let weight0 = Int(((1 - fraction) * Double(coefficientScale)).rounded(.toNearestOrEven))
            return (index, weight0, coefficientScale - weight0)
        }
    }
}

/// The integral and squared integral of a grey picture, as OpenCV's `integral` makes them:
/// (width + 1) × (height + 1), a zero first row and column.
struct IntegralImage {
    let width: Int
    let height: Int
    /// Row-major, `(width + 1)` per row.
    private(set) var sums: [Int32]
    private(set) var squareSums: [Int64]

    init(_ pixels: [UInt8], width: Int, height: Int) {
        self.width = width
        self.height = height
        let stride = width + 1
        var sum = [Int32](repeating: 0, count: stride * (height + 1))
        var squares = [Int64](repeating: 0, count: stride * (height + 1))
        for y in 0..<height {
            var rowSum: Int32 = 0
            var rowSquares: Int64 = 0
            let above = y * stride
            let row = (y + 1) * stride
            for x in 0..<width {
                let value = Int32(pixels[y * width + x])
                rowSum += value
                rowSquares += Int64(value * value)
                sum[row + x + 1] = sum[above + x + 1] + rowSum
                squares[row + x + 1] = squares[above + x + 1] + rowSquares
            }
        }
        sums = sum
        squareSums = squares
    }

    /// The sum of the pixels of a rectangle.
    @inline(__always) func sum(x: Int, y: Int, width w: Int, height h: Int) -> Int32 {
        let stride = width + 1
        let top = y * stride + x
        let bottom = (y + h) * stride + x
        return sums[top] - sums[top + w] - sums[bottom] + sums[bottom + w]
    }

    @inline(__always) func squares(x: Int, y: Int, width w: Int, height h: Int) -> Int64 {
        let stride = width + 1
        let top = y * stride + x
        let bottom = (y + h) * stride + x
        return squareSums[top] - squareSums[top + w] - squareSums[bottom] + squareSums[bottom + w]
    }
}

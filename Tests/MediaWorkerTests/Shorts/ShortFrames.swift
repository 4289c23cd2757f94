import Foundation
import Testing

/// Single pictures of a rendered short, read back with ffmpeg, and the measures the shorts
/// rendering tests compare them by.
enum ShortFrames {
    /// The picture shown at `seconds` of `video`, scaled to `width`×`height`, as `pixelFormat`
    /// (`gray`: one byte a pixel, `rgb24`: three).
    static func frame(_ video: String, at seconds: Double, width: Int, height: Int, pixelFormat: String = "gray") async throws -> [UInt8] {
        let raw = video + ".\(seconds).\(pixelFormat).raw"
        let result = try await ProcessRunner.run("/usr/bin/ffmpeg", [
            "-nostdin", "-y", "-loglevel", "error", "-ss", String(format: "%.3f", seconds), "-i", video, "-frames:v", "1",
            "-vf", "scale=\(width):\(height):flags=bicubic,format=\(pixelFormat)", "-f", "rawvideo", raw,
        ])
        try #require(result.status == 0, "\(result.stderr)")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: raw)))
        try #require(bytes.count == width * height * (pixelFormat == "rgb24" ? 3 : 1), "\(bytes.count) bytes from \(video) at \(seconds) s")
        return bytes
    }

    /// Mean absolute difference to the right and downwards neighbours over `rows` of a grey
    /// picture `width` wide: high for sharp detail, near 0 for a blurred picture.
    static func detail(_ picture: [UInt8], width: Int, rows: Range<Int>) -> Double {
        var sum = 0
        var count = 0
        for y in rows.lowerBound..<rows.upperBound - 1 {
            for x in 0..<width - 1 {
                let here = Int(picture[y * width + x])
                sum += abs(Int(picture[y * width + x + 1]) - here) + abs(Int(picture[(y + 1) * width + x]) - here)
                count += 1
            }
        }
        return Double(sum) / Double(max(1, count))
    }

    /// Mean absolute difference of two grey pictures `width` wide: `rows` of `a` against the
    /// same number of rows of `b` from `bRow`.
    static func difference(_ a: [UInt8], rows: Range<Int>, _ b: [UInt8], from bRow: Int = -1, width: Int) -> Double {
        let offset = bRow < 0 ? 0 : bRow - rows.lowerBound
        var sum = 0
        for y in rows {
            for x in 0..<width { sum += abs(Int(a[y * width + x]) - Int(b[(y + offset) * width + x])) }
        }
        return Double(sum) / Double(max(1, rows.count * width))
    }

    static func mean(_ picture: [UInt8], width: Int, rows: Range<Int>) -> Double {
        Double(rows.reduce(0) { sum, y in sum + (0..<width).reduce(0) { $0 + Int(picture[y * width + $1]) } }) / Double(max(1, rows.count * width))
    }
}

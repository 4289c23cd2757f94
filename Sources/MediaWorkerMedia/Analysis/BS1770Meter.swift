import Foundation

/// Momentary loudness as ITU-R BS.1770 defines it: K-weighting (a high shelf and a high pass,
/// coefficients for 48 kHz), mean square over 400 ms, channels summed with their weights,
/// −0.691 + 10·log10. Fed planar float samples at 48 kHz; keeps the weighted energy of every
/// 10 ms block, so any 400 ms window is a sum of 40 blocks.
struct BS1770Meter {
    static let sampleRate = 48_000
    static let blockSamples = 480
    private var filters: [KWeighting] = []
    private var blockEnergy = 0.0
    private var blockFill = 0
    /// Channel-weighted mean square of each finished 10 ms block.
    private(set) var blocks: [Double] = []

    /// `channels` planes of equal length. Channel weights: 1, but 0 for the LFE (index 3) and
    /// 1.41 for the surrounds (4, 5) of a 5.1 layout.
    mutating func add(_ channels: [[Float]]) {
        if filters.count != channels.count { filters = channels.map { _ in KWeighting() } }
        let weights = channels.indices.map { index -> Double in
            guard channels.count >= 6 else { return 1 }
            return index == 3 ? 0 : (index >= 4 ? 1.41 : 1)
        }
        let length = channels.map(\.count).min() ?? 0
        for sample in 0..<length {
            var energy = 0.0
            for channel in channels.indices {
                let y = filters[channel].process(Double(channels[channel][sample]))
                energy += weights[channel] * y * y
            }
            blockEnergy += energy
            blockFill += 1
            if blockFill == Self.blockSamples {
                blocks.append(blockEnergy / Double(Self.blockSamples))
                blockEnergy = 0
                blockFill = 0
            }
        }
    }

    /// Momentary loudness (LUFS) of the 400 ms centred on `seconds`; −70 for silence.
    func momentary(at seconds: Double) -> Double {
        let centre = Int((seconds * 100).rounded())
        let range = max(0, centre - 20)..<min(blocks.count, centre + 20)
        guard !range.isEmpty else { return -70 }
        let mean = blocks[range].reduce(0, +) / Double(range.count)
        return mean > 1e-10 ? max(-70, -0.691 + 10 * Self.log10(mean)) : -70
    }

    /// Integrated loudness (LUFS) of everything added, gated as BS.1770-4 gates it: 400 ms
    /// blocks every 100 ms, those under −70 LUFS dropped, then those 10 LU under the mean of the
    /// rest; −70 when nothing passes.
    var integrated: Double {
        guard blocks.count >= 40 else { return momentary(at: Double(blocks.count) / 200) }
        let windows = stride(from: 0, through: blocks.count - 40, by: 10).map { start in blocks[start..<start + 40].reduce(0, +) / 40 }
        func loudness(_ energy: Double) -> Double { energy > 1e-10 ? -0.691 + 10 * Self.log10(energy) : -70 }
        let absolute = windows.filter { loudness($0) > -70 }
        guard !absolute.isEmpty else { return -70 }
        let relativeGate = loudness(absolute.reduce(0, +) / Double(absolute.count)) - 10
        let gated = absolute.filter { loudness($0) > relativeGate }
        return gated.isEmpty ? -70 : loudness(gated.reduce(0, +) / Double(gated.count))
    }

    static func log10(_ value: Double) -> Double { Foundation.log10(value) }
}

/// The two K-weighting biquads of BS.1770 for 48 kHz.
struct KWeighting {
    private var shelf = Biquad(b: (1.53512485958697, -2.69169618940638, 1.19839281085285), a: (-1.69065929318241, 0.73248077421585))
    private var highPass = Biquad(b: (1.0, -2.0, 1.0), a: (-1.99004745483398, 0.99007225036621))

    mutating func process(_ x: Double) -> Double { highPass.process(shelf.process(x)) }
}

/// A direct-form-I biquad (`a0` = 1).
struct Biquad {
    let b: (Double, Double, Double)
    let a: (Double, Double)
    private var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0

    init(b: (Double, Double, Double), a: (Double, Double)) {
        self.b = b
        self.a = a
    }

    mutating func process(_ x: Double) -> Double {
        let y = b.0 * x + b.1 * x1 + b.2 * x2 - a.0 * y1 - a.1 * y2
        x2 = x1; x1 = x
        y2 = y1; y1 = y
        return y
    }
}

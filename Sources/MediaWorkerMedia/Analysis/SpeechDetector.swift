import Foundation

/// A heuristic speech-activity detector (no trained model): a 20 ms frame is voiced when much of
/// its energy (30 % or more) lies in the voice band (250 Hz to 3.5 kHz), it is not quiet, and its zero
/// crossings are in a voice's range; speech is voiced frames whose band energy rises and falls
/// at a syllable rate (the energy's variation over a second), which a steady tone, music pad
/// or hum lacks. Fed the mono mix at 48 kHz.
struct SpeechDetector {
    static let frameSamples = 960
    private var highPass = Biquad.highPass(frequency: 250)
    private var lowPass = Biquad.lowPass(frequency: 3500)
    private var frame: (band: Double, total: Double, crossings: Int, count: Int, last: Double) = (0, 0, 0, 0, 0)
    /// Per finished 20 ms frame: whether it is voiced, and its band energy.
    private(set) var frames: [(voiced: Bool, energy: Double)] = []

    mutating func add(_ samples: [Float]) {
        for sample in samples {
            let x = Double(sample)
            let band = lowPass.process(highPass.process(x))
            frame.band += band * band
            frame.total += x * x
            if (band >= 0) != (frame.last >= 0) { frame.crossings += 1 }
            frame.last = band
            frame.count += 1
            if frame.count == Self.frameSamples { finishFrame() }
        }
    }

    private mutating func finishFrame() {
        let n = Double(frame.count)
        let bandLevel = 10 * log10(max(1e-12, frame.band / n))
        let ratio = frame.total > 0 ? frame.band / frame.total : 0
        let zcr = Double(frame.crossings) / n
        frames.append((bandLevel > -50 && ratio > 0.3 && zcr > 0.004 && zcr < 0.25, frame.band / n))
        frame = (0, 0, 0, 0, frame.last)
    }

    /// Speech activity, 0 to 1, for `count` samples at `rate` per second.
    func activity(count: Int, rate: Double) -> [Double] {
        let perSample = 48_000.0 / rate / Double(Self.frameSamples)
        return (0..<count).map { index in
            let first = Int(Double(index) * perSample)
            let last = min(frames.count, Int(Double(index + 1) * perSample))
            guard first < last else { return 0 }
            let voiced = Double(frames[first..<last].filter(\.voiced).count) / Double(last - first)
            // Syllabic modulation: the band energy's coefficient of variation over ±0.5 s.
            let around = frames[max(0, first - 25)..<min(frames.count, last + 25)].map(\.energy)
            let mean = around.reduce(0, +) / Double(max(1, around.count))
            let deviation = (around.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, around.count))).squareRoot()
            let modulation = mean > 0 ? min(1, deviation / mean / 0.6) : 0
            return voiced * modulation
        }
    }
}

extension Biquad {
    /// RBJ cookbook filters at 48 kHz, Q = 1/√2.
    static func highPass(frequency: Double) -> Biquad { cookbook(frequency: frequency, highPass: true) }
    static func lowPass(frequency: Double) -> Biquad { cookbook(frequency: frequency, highPass: false) }

    private static func cookbook(frequency: Double, highPass: Bool) -> Biquad {
        let w0 = 2 * Double.pi * frequency / 48_000
        let alpha = sin(w0) / (2 * (0.5).squareRoot())
        let cosw = cos(w0)
        let a0 = 1 + alpha
        let b0 = highPass ? (1 + cosw) / 2 : (1 - cosw) / 2
        let b1 = highPass ? -(1 + cosw) : 1 - cosw
        return Biquad(b: (b0 / a0, b1 / a0, b0 / a0), a: (-2 * cosw / a0, (1 - alpha) / a0))
    }
}

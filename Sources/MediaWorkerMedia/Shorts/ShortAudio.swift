internal import CFFmpeg

/// A short's sound: the programme's audio between two times, decoded whole (a short is at most
/// a minute), brought to the target loudness by one gain (measured with BS.1770 gating), held
/// under the peak limit by a look-ahead limiter, and encoded to AAC packets in memory, timed
/// from 0.
struct ShortAudio {
    let encoder: Encoder
    var packets: [Packet] = []
    var sourceLoudness: Double?
    var gain: Double?

    static let rate: Int32 = 48_000
    /// The limiter stops this far under the peak limit: AAC's reconstruction and the peaks
    /// between samples overshoot the limited samples by up to about 1 dB.
    static let codecHeadroom = 1.5

    static func integrated(_ left: [Float], _ right: [Float]) -> Double {
        var meter = BS1770Meter()
        meter.add([left, right])
        return meter.integrated
    }

    init(input: InputContext, streamIndex: Int, start: Double, end: Double, target: Double?, peakLimit: Double) throws {
        encoder = try Encoder(codecName: "aac") { context in
            context.pointee.sample_rate = Self.rate
            context.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
            av_channel_layout_default(&context.pointee.ch_layout, 2)
            context.pointee.bit_rate = 160_000
            context.pointee.time_base = AVRational(num: 1, den: Self.rate)
            context.pointee.flags |= mw_codec_flag_global_header()
        }
        var (left, right) = try Self.decode(input, streamIndex: streamIndex, start: start, end: end)
        if let target {
            let measured = Self.integrated(left, right)
            sourceLoudness = measured
            // The limiter lowers loud peaks and with them the loudness: the gain is corrected
            // from the limited result until it lands within 0.2 LU (or four tries).
            var gainDB = measured > -70 ? target - measured : 0
            var result = (left, right)
            for _ in 0..<4 {
                result = (left, right)
                Self.apply(gain: gainDB, peakLimit: peakLimit - Self.codecHeadroom, &result.0, &result.1)
                let error = target - Self.integrated(result.0, result.1)
                if abs(error) < 0.2 || measured <= -70 { break }
                gainDB += error
            }
            gain = gainDB
            (left, right) = result
        }
        try encode(left, right)
    }

    /// Stereo samples of `start..<end` (mono doubled, more channels: the first two).
    private static func decode(_ input: InputContext, streamIndex: Int, start: Double, end: Double) throws -> ([Float], [Float]) {
        let stream = input.stream(streamIndex)
        try input.seek(stream: streamIndex, to: Int64((max(0, start - 1) + input.startSeconds) / av_q2d(stream.pointee.time_base)))
        let decoder = try Decoder(input: input, streamIndex: streamIndex, threads: 1)
        let converter = try PCMConverter(source: decoder.context)
        let wanted = Int(((end - start) * Double(rate)).rounded())
        var left: [Float] = []
        var right: [Float] = []
        left.reserveCapacity(wanted)
        right.reserveCapacity(wanted)
        var position: Double?
        let packet = try Packet()
        let frame = try Frame()
        func take(_ channels: [[Float]], at time: Double?) {
            guard let first = channels.first, !first.isEmpty else { return }
            if position == nil { position = time ?? start }
            let second = channels.count > 1 ? channels[1] : first
            let from = max(0, Int(((start - position!) * Double(rate)).rounded()))
            if from < first.count {
                let count = min(first.count - from, wanted - left.count)
                if count > 0 {
                    left += first[from..<from + count]
                    right += second[from..<from + count]
                }
            }
            position! += Double(first.count) / Double(rate)
        }
        reading: while try input.read(into: packet) {
            defer { packet.unreference() }
            guard packet.streamIndex == streamIndex else { continue }
            try decoder.send(packet)
            while try decoder.receive(into: frame) {
                let pts = frame.pointer.pointee.best_effort_timestamp
                let time = pts == mw_av_nopts_value() ? nil : Double(pts) * av_q2d(stream.pointee.time_base) - input.startSeconds
                take(try converter.convert(frame), at: time)
                frame.unreference()
                if left.count >= wanted { break reading }
            }
        }
        if left.count < wanted {
            // The programme's sound ends early: silence to the end of the short.
            left += [Float](repeating: 0, count: wanted - left.count)
            right += [Float](repeating: 0, count: wanted - right.count)
        }
        return (left, right)
    }

    /// The gain, then a look-ahead limiter: the gain reduction each peak needs is spread 5 ms
    /// ahead of it and released over 50 ms, so no sample passes the limit.
    static func apply(gain: Double, peakLimit: Double, _ left: inout [Float], _ right: inout [Float]) {
        let linear = Float(pow(10, gain / 20))
        let ceiling = Float(pow(10, peakLimit / 20))
        var reduction = [Float](repeating: 1, count: left.count)
        for index in left.indices {
            let peak = max(abs(left[index]), abs(right[index])) * linear
            if peak > ceiling { reduction[index] = ceiling / peak }
        }
        let attack = 240
        let releaseStep = 1 / Float(2400)
        // Backwards: a reduction reaches `attack` samples ahead of its peak.
        var held: Float = 1
        var heldFor = 0
        for index in stride(from: reduction.count - 1, through: 0, by: -1) {
            if reduction[index] < held { held = reduction[index]; heldFor = attack } else if heldFor > 0 { heldFor -= 1 } else { held = 1 }
            reduction[index] = min(reduction[index], held)
        }
        // Forwards: recover towards 1 no faster than the release.
        var level: Float = 1
        for index in reduction.indices {
            level = min(reduction[index], min(1, level + releaseStep))
            reduction[index] = level
            left[index] *= linear * level
            right[index] *= linear * level
        }
    }

    private mutating func encode(_ left: [Float], _ right: [Float]) throws {
        let size = Int(encoder.context.pointee.frame_size > 0 ? encoder.context.pointee.frame_size : 1024)
        var offset = 0
        while offset < left.count {
            let count = min(size, left.count - offset)
            let frame = try Frame()
            frame.pointer.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
            frame.pointer.pointee.nb_samples = Int32(count)
            frame.pointer.pointee.sample_rate = Self.rate
            av_channel_layout_default(&frame.pointer.pointee.ch_layout, 2)
            try ffCheck(av_frame_get_buffer(frame.pointer, 0), "av_frame_get_buffer")
            for (channel, samples) in [left, right].enumerated() {
                guard let plane = frame.pointer.pointee.extended_data[channel] else { continue }
                samples.withUnsafeBufferPointer { buffer in
                    UnsafeMutableRawPointer(plane).assumingMemoryBound(to: Float.self).update(from: buffer.baseAddress! + offset, count: count)
                }
            }
            frame.pointer.pointee.pts = Int64(offset)
            try encoder.send(frame)
            try drain()
            offset += count
        }
        try encoder.send(nil)
        try drain()
    }

    private mutating func drain() throws {
        while true {
            let packet = try Packet()
            guard try encoder.receive(into: packet) else { return }
            packets.append(packet)
        }
    }
}

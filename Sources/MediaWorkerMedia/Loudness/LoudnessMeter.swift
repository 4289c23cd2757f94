internal import CFFmpeg
import Foundation

/// The measuring pass: decodes the source's audio (inside the clip) through ebur128 and
/// reads its integrated loudness, range and true peaks from the last frame's metadata.
enum LoudnessMeter {
    /// `correction`: filters applied before measuring (to check what a correction gives);
    /// `track`: the audio track measured (``InputContext/audioStream(track:)``).
    static func measure(
        _ source: MediaSource, limits: MediaLimits, clip: InputClip?, correction: String = "", track: Int? = nil, cancellation: MediaCancellation?
    ) throws -> LoudnessMeasurement? {
        let input = try InputContext.open(source, limits: limits, cancellation: cancellation)
        guard let index = try input.audioStream(track: track) else { return nil }
        let window = try input.bestStream(AVMEDIA_TYPE_VIDEO).flatMap { try ClipResolver.window(clip, input: input, stream: input.stream($0)) }
        let stream = input.stream(index)
        let timeBase = stream.pointee.time_base
        let decoder = try Decoder(input: input, streamIndex: index, threads: 1)
        var filters: [String] = []
        if let window {
            filters.append("atrim=start=\(window.start)" + (window.end.map { ":end=\($0)" } ?? ""))
        }
        if !correction.isEmpty { filters.append(correction) }
        filters.append("ebur128=peak=true:metadata=1")
        let description = filters.joined(separator: ",")
        var graph: AudioFilterGraph?
        var last: [String: String] = [:]
        let packet = try Packet()
        let decoded = try Frame()
        let filtered = try Frame()
        func pull() throws {
            while let graph, try graph.receive(into: filtered) {
                let entries = FFDictionary.entries(filtered.pointer.pointee.metadata)
                if entries["lavfi.r128.I"] != nil { last = entries }
            }
        }
        func drain() throws {
            while try decoder.receive(into: decoded) {
                if graph == nil { graph = try AudioFilterGraph(description, like: decoded, timeBase: timeBase) }
                let pts = decoded.pointer.pointee.best_effort_timestamp
                if pts != mw_av_nopts_value() {
                    decoded.pointer.pointee.pts = pts - Int64((input.startSeconds / av_q2d(timeBase)).rounded())
                }
                try graph!.send(decoded)
                decoded.unreference()
                try pull()
            }
        }
        while try input.read(into: packet) {
            defer { packet.unreference() }
            try input.interrupt.check(input.name)
            guard packet.streamIndex == index else { continue }
            try decoder.send(packet)
            try drain()
        }
        try decoder.send(nil)
        try drain()
        try graph?.send(nil)
        try pull()
        guard let integrated = last["lavfi.r128.I"].flatMap(Double.init) else { return nil }
        let peaks = last.filter { $0.key.hasPrefix("lavfi.r128.true_peaks_ch") }.compactMap { Double($0.value) }
        let peak = peaks.max() ?? 0
        return LoudnessMeasurement(
            integrated: integrated, truePeak: peak > 0 ? 20 * log10(peak) : -.infinity, range: last["lavfi.r128.LRA"].flatMap(Double.init) ?? 0)
    }
}

internal import CFFmpeg
import Foundation

/// Copies the video and/or audio stream of a finished rendition (an MP4 from the ladder, an
/// M4A) into another libavformat muxer without re-encoding: the HLS and DASH segmenters.
enum StreamRemuxer {
    /// Remuxes `input` into a new `format` output at `path` with the muxer `options`, keeping
    /// the streams `selection` asks for. Returns what the copied streams are.
    static func remux(
        _ input: String, to path: String, format: String, options: [String: String], selection: StreamSelection, packetLimit: Int = .max
    ) throws -> [PackagedStream] {
        let source = try InputContext.open(.file(input), limits: MediaLimits())
        let output = try OutputContext(path: path, format: format)
        var mapping: [Int: Int32] = [:]
        var streams: [PackagedStream] = []
        for (index, stream) in source.streams.enumerated() {
            let parameters = stream.pointee.codecpar!
            let type = parameters.pointee.codec_type
            guard (type == AVMEDIA_TYPE_VIDEO && selection.video) || (type == AVMEDIA_TYPE_AUDIO && selection.audio) else { continue }
            guard stream.pointee.disposition & mw_disposition_attached_pic() == 0 else { continue }
            guard let copy = avformat_new_stream(output.pointer, nil) else { throw ffAllocationFailed("avformat_new_stream") }
            try ffCheck(avcodec_parameters_copy(copy.pointee.codecpar, parameters), "avcodec_parameters_copy")
            copy.pointee.codecpar.pointee.codec_tag = 0
            copy.pointee.time_base = stream.pointee.time_base
            // The track's language goes on into the segments (TS: the ISO 639 descriptor).
            if let language = av_dict_get(stream.pointee.metadata, "language", nil, 0) { av_dict_set(&copy.pointee.metadata, "language", language.pointee.value, 0) }
            mapping[index] = Int32(mapping.count)
            streams.append(PackagedStream(stream))
        }
        guard !mapping.isEmpty else {
            throw MediaError(.unsupportedContent, "\(input) has none of the streams to package (\(selection))", path: input)
        }
        try output.writeHeader(options: options)
        let packet = try Packet()
        var written = 0
        while written < packetLimit, try source.read(into: packet) {
            defer { packet.unreference() }
            guard let target = mapping[packet.streamIndex] else { continue }
            packet.pointer.pointee.pos = -1
            written += 1
            try output.write(packet, stream: target, timeBase: source.stream(packet.streamIndex).pointee.time_base)
        }
        try output.finish()
        return streams
    }

    /// The first presentation time, in seconds, of `input`'s streams once in `format`
    /// (`mpegts` shifts them by its mux delay; MP4 keeps them): a few packets are remuxed
    /// to `scratch` and read back.
    static func startSeconds(_ input: String, format: String, selection: StreamSelection, scratch: String) throws -> Double {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        _ = try remux(input, to: scratch, format: format, options: [:], selection: selection, packetLimit: 64)
        return try InputContext.open(.file(scratch), limits: MediaLimits()).startSeconds
    }
}

/// Which streams of a rendition go into a package.
public struct StreamSelection: Sendable, Equatable, CustomStringConvertible {
    public var video: Bool
    public var audio: Bool
    public init(video: Bool, audio: Bool) {
        self.video = video
        self.audio = audio
    }
    public static let all = StreamSelection(video: true, audio: true)
    public var description: String { [video ? "video" : nil, audio ? "audio" : nil].compactMap { $0 }.joined(separator: " and ") }
}

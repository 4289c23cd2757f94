internal import CFFmpeg

/// Owns a libswresample context that turns decoded audio into planar float at 48 kHz, the
/// channels kept (up to 8), handed out as Swift arrays for the meters.
final class PCMConverter {
    private var context: OpaquePointer?
    let channels: Int32
    static let rate: Int32 = 48_000

    init(source: UnsafeMutablePointer<AVCodecContext>) throws {
        var sourceLayout = source.pointee.ch_layout
        if sourceLayout.order == AV_CHANNEL_ORDER_UNSPEC || sourceLayout.nb_channels == 0 {
            av_channel_layout_default(&sourceLayout, max(1, source.pointee.ch_layout.nb_channels))
        }
        channels = min(8, max(1, sourceLayout.nb_channels))
        var outputLayout = AVChannelLayout()
        av_channel_layout_default(&outputLayout, channels)
        try ffCheck(
            swr_alloc_set_opts2(&context, &outputLayout, AV_SAMPLE_FMT_FLTP, Self.rate, &sourceLayout, source.pointee.sample_fmt,
                                source.pointee.sample_rate, 0, nil),
            "swr_alloc_set_opts2")
        try ffCheck(swr_init(context), "swr_init")
    }

    deinit { swr_free(&context) }

    /// The samples of `frame` (or what is left, for `nil`), one array per channel.
    func convert(_ frame: Frame?) throws -> [[Float]] {
        let inputSamples = frame?.pointer.pointee.nb_samples ?? 0
        let capacity = swr_get_out_samples(context, inputSamples)
        guard capacity > 0 else { return [] }
        let converted = try Frame()
        converted.pointer.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        converted.pointer.pointee.nb_samples = capacity
        converted.pointer.pointee.sample_rate = Self.rate
        av_channel_layout_default(&converted.pointer.pointee.ch_layout, channels)
        try ffCheck(av_frame_get_buffer(converted.pointer, 0), "av_frame_get_buffer")
        let count: Int32
        if let frame {
            count = try ffCheck(
                swr_convert(context, converted.pointer.pointee.extended_data, capacity,
                    UnsafeMutablePointer(mutating: frame.pointer.pointee.extended_data).withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { $0 },
                    inputSamples),
                "swr_convert")
        } else {
            count = try ffCheck(swr_convert(context, converted.pointer.pointee.extended_data, capacity, nil, 0), "swr_convert")
        }
        guard count > 0 else { return [] }
        return (0..<Int(channels)).map { channel in
            guard let plane = converted.pointer.pointee.extended_data[channel] else { return [] }
            return Array(UnsafeBufferPointer(start: UnsafeRawPointer(plane).assumingMemoryBound(to: Float.self), count: Int(count)))
        }
    }
}

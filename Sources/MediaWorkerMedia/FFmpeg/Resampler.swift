internal import CFFmpeg

/// Owns a libswresample context converting decoded audio to an encoder's layout, rate and format.
final class Resampler {
    private var context: OpaquePointer?
    let outputRate: Int32
    let outputFormat: AVSampleFormat
    let outputChannels: Int32

    init(source: UnsafeMutablePointer<AVCodecContext>, output: UnsafeMutablePointer<AVCodecContext>) throws {
        var sourceLayout = source.pointee.ch_layout
        if sourceLayout.order == AV_CHANNEL_ORDER_UNSPEC || sourceLayout.nb_channels == 0 {
            av_channel_layout_default(&sourceLayout, max(1, source.pointee.ch_layout.nb_channels))
        }
        var outputLayout = output.pointee.ch_layout
        outputRate = output.pointee.sample_rate
        outputFormat = output.pointee.sample_fmt
        outputChannels = output.pointee.ch_layout.nb_channels
        try ffCheck(
            swr_alloc_set_opts2(&context, &outputLayout, output.pointee.sample_fmt, output.pointee.sample_rate,
                &sourceLayout, source.pointee.sample_fmt, source.pointee.sample_rate, 0, nil),
            "swr_alloc_set_opts2")
        try ffCheck(swr_init(context), "swr_init")
    }

    deinit { swr_free(&context) }

    /// Converts `frame` (or flushes with `nil`) and appends the samples to `fifo`.
    func convert(_ frame: Frame?, into fifo: AudioFIFO) throws {
        let inputSamples = frame?.pointer.pointee.nb_samples ?? 0
        let capacity = swr_get_out_samples(context, inputSamples)
        guard capacity > 0 else { return }
        let converted = try Frame()
        converted.pointer.pointee.format = outputFormat.rawValue
        converted.pointer.pointee.nb_samples = capacity
        converted.pointer.pointee.sample_rate = outputRate
        av_channel_layout_default(&converted.pointer.pointee.ch_layout, outputChannels)
        try ffCheck(av_frame_get_buffer(converted.pointer, 0), "av_frame_get_buffer")
        let count: Int32
        if let frame {
            count = try ffCheck(
                swr_convert(context, converted.pointer.pointee.extended_data, capacity,
                    UnsafeMutablePointer(mutating: frame.pointer.pointee.extended_data).withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: Int(outputChannels)) { $0 },
                    inputSamples),
                "swr_convert")
        } else {
            count = try ffCheck(swr_convert(context, converted.pointer.pointee.extended_data, capacity, nil, 0), "swr_convert")
        }
        if count > 0 { try fifo.write(converted, count: count) }
    }
}

internal import CFFmpeg

/// Owns an `AVAudioFifo`: resampled audio waits here until an encoder frame's worth exists.
final class AudioFIFO {
    private let fifo: OpaquePointer
    let format: AVSampleFormat
    let channels: Int32

    init(format: AVSampleFormat, channels: Int32) throws {
        guard let fifo = av_audio_fifo_alloc(format, channels, 4096) else { throw ffAllocationFailed("av_audio_fifo_alloc") }
        self.fifo = fifo
        self.format = format
        self.channels = channels
    }

    deinit { av_audio_fifo_free(fifo) }

    var count: Int32 { av_audio_fifo_size(fifo) }

    func write(_ frame: Frame, count: Int32) throws {
        let data = frame.pointer.pointee.extended_data.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: UnsafeMutableRawPointer?.self) }
        let written = av_audio_fifo_write(fifo, data, count)
        if written < count { throw FFmpegError(function: "av_audio_fifo_write", cause: written < 0 ? written : mw_averror(12)) }
    }

    /// Reads up to `count` samples into a new frame.
    func read(count: Int32, sampleRate: Int32) throws -> Frame {
        let frame = try Frame()
        frame.pointer.pointee.format = format.rawValue
        frame.pointer.pointee.nb_samples = count
        frame.pointer.pointee.sample_rate = sampleRate
        av_channel_layout_default(&frame.pointer.pointee.ch_layout, channels)
        try ffCheck(av_frame_get_buffer(frame.pointer, 0), "av_frame_get_buffer")
        let data = frame.pointer.pointee.extended_data.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: UnsafeMutableRawPointer?.self) }
        let read = av_audio_fifo_read(fifo, data, count)
        try ffCheck(read, "av_audio_fifo_read")
        frame.pointer.pointee.nb_samples = read
        return frame
    }

    /// Discards the oldest `count` samples.
    func drain(_ count: Int32) throws {
        try ffCheck(av_audio_fifo_drain(fifo, count), "av_audio_fifo_drain")
    }
}

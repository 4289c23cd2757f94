internal import CFFmpeg

/// Owns one `AVFrame`. Frames are reference counted by FFmpeg: `reference()` shares the
/// buffers without copying, so one decoded picture can feed several renditions.
final class Frame: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<AVFrame>

    init() throws {
        guard let frame = av_frame_alloc() else { throw ffAllocationFailed("av_frame_alloc") }
        pointer = frame
    }

    private init(owning pointer: UnsafeMutablePointer<AVFrame>) {
        self.pointer = pointer
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }

    /// A new frame sharing this frame's buffers.
    func reference() throws -> Frame {
        guard let copy = av_frame_clone(pointer) else { throw ffAllocationFailed("av_frame_clone") }
        return Frame(owning: copy)
    }

    func unreference() { av_frame_unref(pointer) }

    /// Allocates picture buffers for `format` at `width`×`height`.
    static func picture(format: AVPixelFormat, width: Int32, height: Int32) throws -> Frame {
        let frame = try Frame()
        frame.pointer.pointee.format = format.rawValue
        frame.pointer.pointee.width = width
        frame.pointer.pointee.height = height
        try ffCheck(av_frame_get_buffer(frame.pointer, 0), "av_frame_get_buffer")
        return frame
    }

    var width: Int32 { pointer.pointee.width }
    var height: Int32 { pointer.pointee.height }
    var pixelFormat: AVPixelFormat { AVPixelFormat(rawValue: pointer.pointee.format) }

    func plane(_ index: Int32) -> UnsafeMutablePointer<UInt8>? { mw_frame_plane(pointer, index) }
    func linesize(_ index: Int32) -> Int { Int(mw_frame_linesize(pointer, index)) }
}

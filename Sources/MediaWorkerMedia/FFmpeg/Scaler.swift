internal import CFFmpeg

/// Owns a libswscale context converting one picture geometry and format to another.
final class Scaler {
    private let context: OpaquePointer
    let sourceWidth: Int32
    let sourceHeight: Int32
    let sourceFormat: AVPixelFormat
    let outputWidth: Int32
    let outputHeight: Int32
    let outputFormat: AVPixelFormat
    private let rangeTables: RangeTables?

    /// `sourceFullRange`/`outputFullRange` select JPEG (0–255) or MPEG (16–235) levels.
    init(
        sourceWidth: Int32, sourceHeight: Int32, sourceFormat: AVPixelFormat, sourceFullRange: Bool,
        outputWidth: Int32, outputHeight: Int32, outputFormat: AVPixelFormat, outputFullRange: Bool,
        colorspace: AVColorSpace, flags: Int32
    ) throws {
        guard let context = sws_getContext(sourceWidth, sourceHeight, Self.unJPEG(sourceFormat), outputWidth, outputHeight, Self.unJPEG(outputFormat), flags, nil, nil, nil) else {
            throw MediaError(.unsupportedContent, "cannot convert \(sourceWidth)×\(sourceHeight) \(String(ffmpeg: av_get_pix_fmt_name(sourceFormat)) ?? "?") pictures to \(outputWidth)×\(outputHeight)")
        }
        self.context = context
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.sourceFormat = sourceFormat
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
        self.outputFormat = outputFormat
        if sourceWidth == outputWidth, sourceHeight == outputHeight, Self.unJPEG(sourceFormat) == Self.unJPEG(outputFormat),
            sourceFullRange != outputFullRange, PictureTransform.supports(sourceFormat)
        {
            // swscale 6's unscaled copy ignores a range change; convert the levels directly.
            rangeTables = RangeTables(expand: !sourceFullRange && outputFullRange)
        } else {
            rangeTables = nil
        }
        let space = colorspace == AVCOL_SPC_UNSPECIFIED || colorspace == AVCOL_SPC_RGB ? mw_sws_cs_default() : Int32(colorspace.rawValue)
        _ = mw_sws_set_ranges(context, space, sourceFullRange ? 1 : 0, outputFullRange ? 1 : 0)
    }

    deinit { sws_freeContext(context) }

    /// Scales `source` into `output`, whose buffers must be allocated and writable.
    func scale(_ source: Frame, into output: Frame) throws {
        try ffCheck(av_frame_make_writable(output.pointer), "av_frame_make_writable")
        if let rangeTables {
            rangeTables.apply(source, into: output)
            return
        }
        let result = sws_scale_frame(context, output.pointer, source.pointer)
        if result < 0 {
            throw MediaError(.decodeFailed, "scaling a picture failed", cause: FFmpegError(function: "sws_scale_frame", cause: result))
        }
    }

    /// The YUVJ formats are YUV with full range; swscale warns about them, so the range is
    /// passed explicitly instead.
    static func unJPEG(_ format: AVPixelFormat) -> AVPixelFormat {
        switch format {
        case AV_PIX_FMT_YUVJ420P: AV_PIX_FMT_YUV420P
        case AV_PIX_FMT_YUVJ422P: AV_PIX_FMT_YUV422P
        case AV_PIX_FMT_YUVJ444P: AV_PIX_FMT_YUV444P
        case AV_PIX_FMT_YUVJ440P: AV_PIX_FMT_YUV440P
        case AV_PIX_FMT_YUVJ411P: AV_PIX_FMT_YUV411P
        default: format
        }
    }

    /// Whether a frame uses full (JPEG) range.
    static func isFullRange(_ frame: Frame) -> Bool {
        let format = frame.pixelFormat
        if format != unJPEG(format) { return true }
        if frame.pointer.pointee.color_range == AVCOL_RANGE_JPEG { return true }
        if let descriptor = av_pix_fmt_desc_get(format), descriptor.pointee.flags & UInt64(mw_pix_fmt_flag_rgb()) != 0 { return true }
        return false
    }
}

/// Lookup tables between limited (16–235, 16–240) and full (0–255) levels for 8-bit YUV.
struct RangeTables {
    let luma: [UInt8]
    let chroma: [UInt8]

    init(expand: Bool) {
        func clamp(_ value: Double) -> UInt8 { UInt8(max(0, min(255, value.rounded()))) }
        luma = (0..<256).map { value in
            expand ? clamp((Double(value) - 16) * 255 / 219) : clamp(Double(value) * 219 / 255 + 16)
        }
        chroma = (0..<256).map { value in
            expand ? clamp((Double(value) - 128) * 255 / 224 + 128) : clamp((Double(value) - 128) * 224 / 255 + 128)
        }
    }

    func apply(_ source: Frame, into output: Frame) {
        for (plane, width, height) in PictureTransform.planes(of: source) {
            guard let input = source.plane(plane), let out = output.plane(plane) else { continue }
            let table = plane == 0 ? luma : chroma
            table.withUnsafeBufferPointer { table in
                for row in 0..<height {
                    let from = input + row * source.linesize(plane)
                    let to = out + row * output.linesize(plane)
                    for column in 0..<width { to[column] = table[Int(from[column])] }
                }
            }
        }
    }
}

internal import CFFmpeg

/// The still pictures' two steps, shared by the thumbnail and the sprite sheets: a decoded
/// frame scaled (bicubic, full range) and turned upright, and a full-range 4:2:0 picture
/// encoded with libavcodec's mjpeg.
enum JPEGPicture {
    /// `frame` scaled to `width`×`height` (pre-rotation size) as full-range yuv420p, then
    /// rotated by the display matrix.
    static func upright(_ frame: Frame, geometry: DisplayGeometry, width: Int32, height: Int32) throws -> Frame {
        let scaler = try Scaler(
            sourceWidth: frame.width, sourceHeight: frame.height, sourceFormat: frame.pixelFormat, sourceFullRange: Scaler.isFullRange(frame),
            outputWidth: width, outputHeight: height, outputFormat: AV_PIX_FMT_YUV420P, outputFullRange: true,
            colorspace: frame.pointer.pointee.colorspace, flags: mw_sws_bicubic() | mw_sws_accurate_rnd() | mw_sws_full_chr_h_int())
        var picture = try Frame.picture(format: AV_PIX_FMT_YUV420P, width: width, height: height)
        try scaler.scale(frame, into: picture)
        if geometry.rotation != 0 {
            let rotated = geometry.isSideways
                ? try Frame.picture(format: AV_PIX_FMT_YUV420P, width: height, height: width)
                : try Frame.picture(format: AV_PIX_FMT_YUV420P, width: width, height: height)
            try PictureTransform.rotate(picture, into: rotated, degrees: geometry.rotation)
            picture = rotated
        }
        picture.pointer.pointee.color_range = AVCOL_RANGE_JPEG
        return picture
    }

    /// The JPEG of a full-range yuv420p picture at mjpeg quantizer `quality` (2 best … 31).
    static func encode(_ picture: Frame, quality: Int) throws -> [UInt8] {
        let lambda = Int32(quality) * mw_ff_qp2lambda()
        let encoder = try Encoder(codecName: "mjpeg") { context in
            context.pointee.width = picture.width
            context.pointee.height = picture.height
            context.pointee.pix_fmt = AV_PIX_FMT_YUV420P
            context.pointee.color_range = AVCOL_RANGE_JPEG
            context.pointee.time_base = AVRational(num: 1, den: 25)
            context.pointee.flags |= mw_codec_flag_qscale()
            context.pointee.global_quality = lambda
        }
        picture.pointer.pointee.quality = lambda
        picture.pointer.pointee.pts = 0
        picture.pointer.pointee.color_range = AVCOL_RANGE_JPEG
        try encoder.send(picture)
        try encoder.send(nil)
        let packet = try Packet()
        var bytes: [UInt8] = []
        while try encoder.receive(into: packet) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: packet.pointer.pointee.data, count: Int(packet.pointer.pointee.size)))
            packet.unreference()
        }
        guard !bytes.isEmpty else { throw MediaError(.encodeFailed, "the mjpeg encoder produced no picture") }
        return bytes
    }
}

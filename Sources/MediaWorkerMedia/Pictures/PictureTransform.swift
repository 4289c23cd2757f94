internal import CFFmpeg

/// Pixel operations swscale does not do, on 8-bit planar YUV pictures: quarter-turn
/// rotation and line-interpolating deinterlacing.
enum PictureTransform {
    /// Writes `source` rotated clockwise by `degrees` (90, 180, 270) into `output`, whose
    /// size must be the rotated size.
    static func rotate(_ source: Frame, into output: Frame, degrees: Int) throws {
        try ffCheck(av_frame_make_writable(output.pointer), "av_frame_make_writable")
        for (plane, width, height) in planes(of: source) {
            guard let input = source.plane(plane), let out = output.plane(plane) else { continue }
            rotatePlane(input, stride: source.linesize(plane), width: width, height: height, out, outStride: output.linesize(plane), degrees: degrees)
        }
    }

    private static func rotatePlane(
        _ input: UnsafeMutablePointer<UInt8>, stride: Int, width: Int, height: Int,
        _ output: UnsafeMutablePointer<UInt8>, outStride: Int, degrees: Int
    ) {
        let tile = 16
        switch degrees {
        case 180:
            for row in 0..<height {
                let source = input + (height - 1 - row) * stride
                let destination = output + row * outStride
                for column in 0..<width { destination[column] = source[width - 1 - column] }
            }
        case 90, 270:
            // Output is height wide and width tall. Tiles keep both sides in cache.
            var rowTile = 0
            while rowTile < width {
                var columnTile = 0
                while columnTile < height {
                    for row in rowTile..<min(rowTile + tile, width) {
                        let destination = output + row * outStride
                        for column in columnTile..<min(columnTile + tile, height) {
                            destination[column] = degrees == 90
                                ? input[(height - 1 - column) * stride + row]
                                : input[column * stride + (width - 1 - row)]
                        }
                    }
                    columnTile += tile
                }
                rowTile += tile
            }
        default:
            for row in 0..<height { (output + row * outStride).update(from: input + row * stride, count: width) }
        }
    }

    /// The three planes of an 8-bit planar YUV picture with their sizes in samples.
    static func planes(of frame: Frame) -> [(plane: Int32, width: Int, height: Int)] {
        let descriptor = av_pix_fmt_desc_get(frame.pixelFormat)!.pointee
        return (Int32(0)..<3).map { plane in
            let shiftX = plane == 0 ? 0 : Int(descriptor.log2_chroma_w)
            let shiftY = plane == 0 ? 0 : Int(descriptor.log2_chroma_h)
            return (plane, (Int(frame.width) + (1 << shiftX) - 1) >> shiftX, (Int(frame.height) + (1 << shiftY) - 1) >> shiftY)
        }
    }

    /// Whether `rotate` handles this format (8-bit planar YUV); deinterlacing is libavfilter's bwdif.
    static func supports(_ format: AVPixelFormat) -> Bool {
        [AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUVJ420P, AV_PIX_FMT_YUV422P, AV_PIX_FMT_YUVJ422P, AV_PIX_FMT_YUV444P, AV_PIX_FMT_YUVJ444P].contains(format)
    }
}

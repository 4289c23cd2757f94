public import MediaWorkerMedia

/// Which outputs are made at the frame the template writes, and which follow the source.
///
/// MediaConvert makes what the template says: a 1080×1920 output of a landscape source is
/// 1080×1920. The planner does the same for every output whose frame the template fixes: a
/// portrait `Width`×`Height`, or any of `Crop`, `Position`, `ScalingBehavior`. Only where the
/// template leaves the orientation open (a landscape or square rung without those members,
/// as the shipped ladder's 1920×1080 … 640×360) does the output follow the source's shape and
/// orientation; the plan's notes say so when that turns an output.
public enum OutputFraming {
    /// The exact frame of a framed output; `nil` for a rung that follows the source.
    public static func frame(_ video: TemplateVideo, geometry: DisplayGeometry) -> OutputFrame? {
        guard video.isFramed else { return nil }
        let display = geometry.displaySize
        let width: Int
        let height: Int
        switch (video.width, video.height) {
        case let (w?, h?): (width, height) = (w, h)
        // One side given: the other keeps the (cropped) source's aspect, as MediaConvert does.
        case let (w?, nil):
            let crop = video.crop ?? OutputFrame.Rect(width: display.width, height: display.height)
            (width, height) = (w, Int((Double(w) * Double(crop.height) / Double(crop.width)).rounded()))
        case let (nil, h?):
            let crop = video.crop ?? OutputFrame.Rect(width: display.width, height: display.height)
            (width, height) = (Int((Double(h) * Double(crop.width) / Double(crop.height)).rounded()), h)
        case (nil, nil):
            let crop = video.crop ?? OutputFrame.Rect(width: display.width, height: display.height)
            (width, height) = (crop.width, crop.height)
        }
        return OutputFrame(
            width: width, height: height, scaling: video.scalingBehavior.flatMap(OutputFrame.Scaling.init(rawValue:)) ?? .fitWithPadding,
            crop: video.crop, position: video.position, antiAlias: video.antiAlias != "DISABLED", sharpness: video.sharpness ?? 50)
    }

    /// One note per rung the source's orientation turned.
    static func orientationNotes(_ outputs: [(TemplateOutput, (width: Int, height: Int)?, OutputFrame?)], geometry: DisplayGeometry) -> [String] {
        outputs.compactMap { output, size, frame in
            guard frame == nil, let size, let width = output.video?.width, let height = output.video?.height,
                (width > height) != (size.width > size.height), width != height
            else { return nil }
            return "\(output.nameModifier ?? output.path): \(width)×\(height) made \(size.width)×\(size.height), the source's orientation (the template leaves it open: a landscape rung without Crop, Position or ScalingBehavior)"
        }
    }
}
